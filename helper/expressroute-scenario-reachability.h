// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_REACHABILITY_H
#define EXPRESSROUTE_SCENARIO_REACHABILITY_H

// Part of the scenario rules (expressroute-scenario-rules.h): probes and traffic must run between
// endpoints that some path connects, or they could never succeed. A site reaches a VNet through
// a circuit of the site that links the VNet, or through a site-to-site VPN connection; two sites
// reach each other through Global Reach between a circuit of each (references.md §7). Traffic
// between two VNets is not modelled.

#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario.h"

namespace ns3
{
namespace expressroute
{

/**
 * Reports each probe and traffic flow whose endpoints no path connects, at the probe's or
 * flow's path. Skipped when a circuit, VPN or Global Reach connection has errors in the fields
 * that define paths: those errors already explain what is missing.
 */
void CheckReachability(const Scenario& scenario, ScenarioDiagnostics& diag);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_REACHABILITY_H
