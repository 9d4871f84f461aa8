// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCY_SCORE_H
#define EXPRESSROUTE_RESILIENCY_SCORE_H

// The resiliency index of Azure's Resiliency Insights (references.md §9, RI) per ExpressRoute
// gateway, computed from a scenario before anything is deployed:
//   index = route resiliency x validation multiplier + gateway zone score + Advisor score
//  - route resiliency: 20 when the gateway's circuits reach it through two distinct peering
//    locations (two circuits with no location in common), 10 through ExpressRoute Metro, 5
//    through a single location, 0 with no circuit, and 0 while an MSEE-PE (circuit) link of one
//    of its circuits is failed;
//  - validation multiplier: x4 (tested <= 30 days ago), x3 (31-60), x2 (61-90), x1 (older or
//    never), halved when only one of the two locations was tested. Resiliency Validation needs
//    circuits at two distinct locations and does not support Metro (§9, RV), so gateways below
//    20 cannot earn more than x1;
//  - zone score: Standard / HighPerformance 0, UltraPerformance 2, ErGw1Az-ErGw3Az 10 (the
//    scenario has no zonal/zone-redundant field: zone-redundant, Azure's default, is assumed),
//    ErGwScale 8 with up to 4 instances and 10 with more (scale units are taken as instances);
//  - Advisor: 10 when no Advisor recommendation is open.
// A scenario cannot know the last validation test or Advisor's state: the score assumes the
// worst (x1, Advisor 0) and also reports the maximum achievable with both earned.

#include "expressroute-scenario.h"

#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// How a gateway's routes reach it (Resiliency Insights' route resiliency).
enum class RouteResiliency
{
    None,           ///< no provisioned circuit links the VNet
    SingleLocation, ///< every circuit at one peering location
    Metro,          ///< an ExpressRoute Metro circuit, no two distinct locations
    TwoLocations    ///< two circuits at distinct peering locations
};

/// "none", "single-location", "metro", "two-locations".
std::string ToString(RouteResiliency r);

/// The resiliency index of one gateway.
struct ResiliencyScore
{
    std::string vnet;
    ErGatewaySku sku{ErGatewaySku::ErGw1Az};
    RouteResiliency route{RouteResiliency::None};
    std::vector<std::string> locations; ///< peering locations of the gateway's circuits, sorted
    bool linkFailed{false};     ///< a circuit link of the gateway is down: route score 0
    double routeScore{0};       ///< 0, 5, 10 or 20
    double multiplier{1};       ///< assumed: no recent validation
    double zoneScore{0};        ///< 0, 2, 8 or 10
    double advisorScore{0};     ///< assumed: recommendations open
    double index{0};            ///< routeScore x multiplier + zoneScore + advisorScore
    double maxMultiplier{1};    ///< 4 when validation is possible (two locations), else 1
    double maxIndex{0};         ///< with the validation multiplier and Advisor earned
};

/// Zone score of a gateway SKU (§9, RI); @p scaleUnits for ErGwScale.
double GatewayZoneScore(ErGatewaySku sku, uint32_t scaleUnits);

/**
 * The index of every VNet's gateway in @p scenario, in VNet order. @p failedCircuitLinks names
 * circuit links that are down ("circuit/<name>/primary"); a gateway with one of its circuits'
 * links among them gets route score 0. Circuits not Provisioned carry no routes.
 */
std::vector<ResiliencyScore> ComputeResiliencyScores(
    const Scenario& scenario,
    const std::set<std::string>& failedCircuitLinks = {});

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCY_SCORE_H
