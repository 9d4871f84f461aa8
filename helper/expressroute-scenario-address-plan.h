// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_ADDRESS_PLAN_H
#define EXPRESSROUTE_SCENARIO_ADDRESS_PLAN_H

// The scenario's address plan: every IPv4 block a scenario assigns (site prefixes, VNet address
// spaces, peering subnets, Global Reach subnets, the infrastructure block) must be disjoint from
// every other, or routing in the model would be ambiguous. Part of the scenario rules
// (expressroute-scenario-rules.h).

#include "expressroute-ipv4-prefix.h"
#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario.h"

namespace ns3
{
namespace expressroute
{

/**
 * The address block for backbone and other internal addressing when the scenario leaves
 * simulation.infrastructurePrefix unset: 100.64.0.0/10 (RFC 6598 shared space, which customer
 * address plans rarely use).
 */
Ipv4Prefix DefaultInfrastructurePrefix();

/**
 * Reports every block that overlaps an earlier one (in document order) at the later block's
 * path, naming the other block and its path. Blocks whose fields have parse errors are skipped.
 */
void CheckAddressPlan(const Scenario& scenario, ScenarioDiagnostics& diag);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_ADDRESS_PLAN_H
