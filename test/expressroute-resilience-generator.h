// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCE_GENERATOR_H
#define EXPRESSROUTE_RESILIENCE_GENERATOR_H

// A generator of large, valid scenarios for the resilience analysis: its tests and its benchmark
// (bench/expressroute-bench-resilience.cc). It writes scenario JSON that the loader accepts, so
// the generated topology obeys ExpressRoute's rules (SKU reach, links per circuit, circuits per
// gateway and per location, address plan). Deterministic for a given seed.
//
// Shape: sites spread over the first `locations` peering locations; each site has
// circuits/sites circuits (rounded), its first at its own location and the others elsewhere,
// through providers of every connectivity model (a fifth of them Layer3 with PEs); every other
// site has two CE routers; VNets spread over the regions with gateways of every SKU; each
// circuit links up to four VNets its tier may reach, the site's circuits preferring the same
// VNets so that pairs have redundant paths; ConstantRate demand on a third of the pairs.

#include "expressroute-geography.h"
#include "expressroute-limits.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{
namespace test
{

/// The size of a generated scenario.
struct GeneratedSize
{
    uint32_t locations{100};
    uint32_t circuits{500};
    uint32_t vnets{200};
    uint32_t sites{250};
    uint32_t providers{10};
    uint64_t seed{1};
};

/// Scenario JSON of the given size over @p geography's peering locations and regions.
inline std::string
GenerateResilienceScenarioJson(const GeneratedSize& size, Ptr<Geography> geography)
{
    using nlohmann::json;
    uint64_t state = size.seed * 0x9E3779B97F4A7C15ull + 1;
    auto next = [&state](uint64_t bound) { // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return (state * 0x2545F4914F6CDD1Dull >> 33) % bound;
    };
    const auto locations = geography->GetPeeringLocations();
    const auto regions = geography->GetRegions();
    const uint32_t nLoc = std::min<uint32_t>(size.locations, locations.size());
    json j;
    j["name"] = "generated-" + std::to_string(size.locations) + "l-" +
                std::to_string(size.circuits) + "c-" + std::to_string(size.vnets) + "v";
    j["sites"] = json::array();
    for (uint32_t s = 0; s < size.sites; ++s)
    {
        j["sites"].push_back({{"name", "site" + std::to_string(s)},
                              {"location", locations[s % nLoc]->GetName()},
                              {"asn", 64512 + s},
                              {"prefixes", {"10." + std::to_string(s) + ".0.0/16"}},
                              {"ceRouters", s % 2 == 0 ? 1 : 2}});
    }
    const char* kinds[] = {"CloudExchange", "PointToPointEthernet", "CloudExchange",
                           "PointToPointEthernet", "AnyToAnyIpvpn"};
    for (uint32_t p = 0; p < size.providers; ++p)
    {
        j["providers"].push_back(
            {{"name", "provider" + std::to_string(p)}, {"kind", kinds[p % 5]}});
    }
    // VNets: regions in turn; gateways of every SKU, mostly the large ones (circuit limits).
    struct VnetInfo
    {
        std::string region;
        std::string geo;
        uint32_t maxLocations;
        std::set<std::string> locations;
        std::map<std::string, uint32_t> perLocation;
    };
    std::vector<VnetInfo> vnets;
    const char* skus[] = {"ErGw3Az", "ErGwScale", "UltraPerformance", "ErGw2Az", "ErGw3Az"};
    for (uint32_t v = 0; v < size.vnets; ++v)
    {
        const auto& region = regions[(v * 7) % regions.size()];
        const std::string sku = skus[v % 5];
        json gw{{"sku", sku}};
        if (sku == "ErGwScale")
        {
            gw["scaleUnits"] = 2 + v % 8;
        }
        if (sku == "UltraPerformance")
        {
            gw["fastPath"] = true;
        }
        j["vnets"].push_back({{"name", "vnet" + std::to_string(v)},
                              {"region", region->GetName()},
                              {"addressSpace",
                               {"172." + std::to_string(16 + v / 16) + "." +
                                std::to_string((v % 16) * 16) + ".0/20"}},
                              {"gateway", gw}});
        vnets.push_back({region->GetName(), region->GetGeopoliticalRegion(),
                         GetErGatewaySkuInfo(*ParseErGatewaySku(sku)).maxCircuits, {}, {}});
    }
    const uint64_t bandwidths[] = {200000000, 500000000, 1000000000, 2000000000, 10000000000};
    std::map<uint32_t, std::vector<uint32_t>> siteVnets; // VNets the site's first circuit linked
    std::vector<std::pair<uint32_t, uint32_t>> linkedPairs;
    for (uint32_t c = 0; c < size.circuits; ++c)
    {
        const uint32_t site = c % size.sites;
        const uint32_t nth = c / size.sites; // the site's nth circuit
        auto loc = locations[(site + nth * 37) % nLoc];
        const uint64_t bw = bandwidths[next(5)];
        // Standard within the geopolitical region, Premium otherwise.
        std::string tier = next(10) < 6 ? "Standard" : "Premium";
        std::vector<uint32_t> allowed;
        for (uint32_t v = 0; v < vnets.size(); ++v)
        {
            if (tier == "Premium" || vnets[v].geo == loc->GetGeopoliticalRegion())
            {
                allowed.push_back(v);
            }
        }
        if (allowed.empty())
        {
            tier = "Premium";
            for (uint32_t v = 0; v < vnets.size(); ++v)
            {
                allowed.push_back(v);
            }
        }
        // Prefer the VNets the site's other circuits link (redundancy), then random ones.
        std::vector<uint32_t> order;
        for (uint32_t v : siteVnets[site])
        {
            if (std::find(allowed.begin(), allowed.end(), v) != allowed.end())
            {
                order.push_back(v);
            }
        }
        for (uint32_t k = 0; k < 8; ++k)
        {
            order.push_back(allowed[next(allowed.size())]);
        }
        json links = json::array();
        std::set<uint32_t> chosen;
        for (uint32_t v : order)
        {
            auto& info = vnets[v];
            const bool newLocation = info.locations.count(loc->GetName()) == 0;
            if (chosen.size() >= 4 || chosen.count(v) ||
                (newLocation && info.locations.size() >= info.maxLocations) ||
                info.perLocation[loc->GetName()] >= kMaxCircuitsSameLocationPerVnet)
            {
                continue;
            }
            chosen.insert(v);
            info.locations.insert(loc->GetName());
            ++info.perLocation[loc->GetName()];
            links.push_back({{"vnet", "vnet" + std::to_string(v)}});
            linkedPairs.emplace_back(site, v);
            if (nth == 0)
            {
                siteVnets[site].push_back(v);
            }
        }
        json circuit{{"name", "circuit" + std::to_string(c)},
                     {"site", "site" + std::to_string(site)},
                     {"provider", "provider" + std::to_string(c % size.providers)},
                     {"peeringLocation", loc->GetName()},
                     {"tier", tier},
                     {"bandwidth", FormatBandwidth(bw)},
                     {"peerings",
                      {{{"type", "AzurePrivate"},
                        {"subnet", "192.168." + std::to_string(c / 32) + "." +
                                       std::to_string((c % 32) * 8) + "/29"},
                        {"vlan", 100}}}},
                     {"vnetLinks", links}};
        if (c % 97 == 13)
        {
            circuit["provisioningState"] = "Provisioning";
        }
        j["circuits"].push_back(circuit);
    }
    std::sort(linkedPairs.begin(), linkedPairs.end());
    linkedPairs.erase(std::unique(linkedPairs.begin(), linkedPairs.end()), linkedPairs.end());
    j["traffic"] = json::array();
    for (std::size_t i = 0; i < linkedPairs.size(); i += 3)
    {
        const auto [site, v] = linkedPairs[i];
        j["traffic"].push_back({{"name", "flow" + std::to_string(i)},
                                {"from", "site" + std::to_string(site)},
                                {"to", "vnet" + std::to_string(v)},
                                {"kind", "ConstantRate"},
                                {"rate", std::to_string(50 * (1 + next(10))) + "Mbps"}});
    }
    return j.dump(1);
}

} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCE_GENERATOR_H
