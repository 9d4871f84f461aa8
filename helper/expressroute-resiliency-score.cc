// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-resiliency-score.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

std::string
ToString(RouteResiliency r)
{
    switch (r)
    {
    case RouteResiliency::None:
        return "none";
    case RouteResiliency::SingleLocation:
        return "single-location";
    case RouteResiliency::Metro:
        return "metro";
    case RouteResiliency::TwoLocations:
        return "two-locations";
    }
    return "?";
}

double
GatewayZoneScore(ErGatewaySku sku, uint32_t scaleUnits)
{
    switch (sku)
    {
    case ErGatewaySku::Standard:
    case ErGatewaySku::HighPerformance:
        return 0;
    case ErGatewaySku::UltraPerformance:
        return 2;
    case ErGatewaySku::ErGw1Az:
    case ErGatewaySku::ErGw2Az:
    case ErGatewaySku::ErGw3Az:
        return 10; // zone-redundant assumed; a zonal deployment would score 8
    case ErGatewaySku::ErGwScale:
        return scaleUnits > 4 ? 10 : 8;
    }
    return 0;
}

std::vector<ResiliencyScore>
ComputeResiliencyScores(const Scenario& scenario, const std::set<std::string>& failedCircuitLinks)
{
    std::vector<ResiliencyScore> out;
    for (const auto& v : scenario.vnets)
    {
        ResiliencyScore s;
        s.vnet = v.name;
        s.sku = v.gateway.sku;
        // The location set of each provisioned circuit linking the VNet (two for Metro).
        std::vector<std::set<std::string>> circuits;
        bool metro = false;
        for (const auto& c : scenario.circuits)
        {
            const bool links =
                std::any_of(c.vnetLinks.begin(), c.vnetLinks.end(), [&v](const VnetLinkSpec& l) {
                    return l.vnet == v.name;
                });
            if (!links || c.provisioningState.value_or(ProvisioningState::Provisioned) !=
                              ProvisioningState::Provisioned)
            {
                continue;
            }
            std::set<std::string> locs{c.peeringLocation};
            if (c.secondaryPeeringLocation)
            {
                locs.insert(*c.secondaryPeeringLocation);
                metro = true;
            }
            for (const char* role : {"primary", "secondary"})
            {
                s.linkFailed = s.linkFailed ||
                               failedCircuitLinks.count("circuit/" + c.name + "/" + role) > 0;
            }
            circuits.push_back(locs);
            s.locations.insert(s.locations.end(), locs.begin(), locs.end());
        }
        std::sort(s.locations.begin(), s.locations.end());
        s.locations.erase(std::unique(s.locations.begin(), s.locations.end()), s.locations.end());
        bool disjoint = false;
        for (std::size_t i = 0; i < circuits.size() && !disjoint; ++i)
        {
            for (std::size_t j = i + 1; j < circuits.size() && !disjoint; ++j)
            {
                disjoint = std::none_of(circuits[i].begin(), circuits[i].end(),
                                        [&](const std::string& l) { return circuits[j].count(l); });
            }
        }
        s.route = circuits.empty() ? RouteResiliency::None
                  : disjoint       ? RouteResiliency::TwoLocations
                  : metro          ? RouteResiliency::Metro
                                   : RouteResiliency::SingleLocation;
        const double routeScores[] = {0, 5, 10, 20}; // in RouteResiliency order
        const double route = routeScores[static_cast<int>(s.route)];
        s.routeScore = s.linkFailed ? 0 : route;
        s.zoneScore = GatewayZoneScore(v.gateway.sku, v.gateway.scaleUnits.value_or(1));
        s.index = s.routeScore * s.multiplier + s.zoneScore + s.advisorScore;
        // Resiliency Validation (the multiplier) needs two distinct locations and no Metro.
        s.maxMultiplier = s.route == RouteResiliency::TwoLocations ? 4 : 1;
        s.maxIndex = route * s.maxMultiplier + s.zoneScore + 10;
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace expressroute
} // namespace ns3
