// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_SCENARIO_RULES_H
#define EXPRESSROUTE_SCENARIO_RULES_H

// Second stage of the scenario loader: ExpressRoute's rules across the elements of a parsed
// scenario (references.md §1-§7, §11; the numbers come from expressroute-limits.h):
//  - unique names, and references that name existing elements ("did you mean");
//  - circuits: offered bandwidth, ER Direct locations, Local availability, Metro pairs, an
//    AzurePrivate peering for VNet links;
//  - SKU scope of VNet links (Local / Standard / Premium), links per circuit (Global Reach
//    included), circuits per gateway and per peering location;
//  - Global Reach placement, tier and peering; one VPN gateway per VNet;
//  - no overlapping address blocks (expressroute-scenario-address-plan.h); probes and traffic
//    only between connected endpoints (expressroute-scenario-reachability.h).
// A check is skipped when a field it needs already has a parse error, so one mistake does not
// cascade into many messages.

#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario.h"

namespace ns3
{
namespace expressroute
{

class Geography;

/// Checks the cross-element rules of @p scenario; errors go to @p diag.
void CheckScenarioRules(const Scenario& scenario,
                        const Geography& geography,
                        ScenarioDiagnostics& diag);
/// Checks that every failure's target names something of the scenario in the form its kind
/// expects (expressroute-scenario-failure-rules.cc); called by CheckScenarioRules.
void CheckFailureTargets(const Scenario& scenario,
                         const Geography& geography,
                         ScenarioDiagnostics& diag);
/// Checks the site links (expressroute-scenario-site-links.cc): known sites, one link per pair
/// of sites, unique names, different ASNs at the two ends; called by CheckScenarioRules.
void CheckSiteLinks(const Scenario& scenario, ScenarioDiagnostics& diag);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_SCENARIO_RULES_H
