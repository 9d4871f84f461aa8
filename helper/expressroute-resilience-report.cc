// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-resilience-report.h"

#include "expressroute-resilience-findings.h"

#include "expressroute-output-writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace ns3
{
namespace expressroute
{

namespace
{



/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string
Csv(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
    {
        return s;
    }
    std::string out = "\"";
    for (char c : s)
    {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

/// The round trip of the path a pair uses with nothing failed: its fastest leg, or its VPN.
double
BaselineRttMs(const ResilienceGraph& g, uint32_t p, const PairState& s)
{
    return (s.OverVpn() ? g.GetVpns()[s.vpn].rttS : g.GetPairs()[p].erRttS) * 1e3;
}

} // namespace

std::string
FormatFailureSetsCsv(const ResilienceGraph& g, const ResilienceResult& result)
{
    std::ostringstream out;
    out << "set,size,elements,kinds,pairs_cut,pairs_cut_jointly,pairs_unredundant,pairs_short,"
           "pairs_sku_blocked\n";
    const uint64_t n = g.GetElements().size();
    auto row = [&](const FailureSetResult& r) {
        std::vector<std::string> names;
        std::vector<std::string> kinds;
        for (uint32_t e : r.elements)
        {
            names.push_back(g.GetElements()[e].name);
            kinds.push_back(ToString(g.GetElements()[e].kind));
        }
        out << ResilienceAnalysis::SetNumber(n, r.elements) << ',' << r.elements.size() << ','
            << Csv(Join(names, " + ")) << ',' << Join(kinds, "+") << ',' << r.pairsCut << ','
            << r.pairsCutJointly << ',' << r.pairsUnredundant << ',' << r.pairsShort << ','
            << r.pairsSkuBlocked << '\n';
    };
    for (const auto& r : result.singles)
    {
        row(r);
    }
    for (const auto& r : result.compoundDoubles)
    {
        row(r);
    }
    return out.str();
}

std::string
FormatFailureEffectsCsv(const ResilienceGraph& g,
                        const ResilienceAnalysis& analysis,
                        const ResilienceResult& result)
{
    std::ostringstream out;
    out << "set,site,vnet,reachable,redundant,capacity_to_vnet_bps,capacity_from_vnet_bps,"
           "demand_to_vnet_bps,demand_from_vnet_bps,short,alternative,alternative_circuit,vpn,"
           "site_link\n";
    const uint64_t n = g.GetElements().size();
    auto rows = [&](const FailureSetResult& r) {
        const uint64_t set = ResilienceAnalysis::SetNumber(n, r.elements);
        for (const auto& eff : r.effects)
        {
            const auto& pair = g.GetPairs()[eff.pair];
            const auto& s = eff.state;
            out << set << ',' << Csv(g.GetSites()[pair.site].name) << ','
                << Csv(g.GetVnets()[pair.vnet].name) << ',' << s.reachable << ',' << s.redundant
                << ',' << s.capacityToVnetBps << ',' << s.capacityFromVnetBps << ','
                << pair.demandToVnetBps << ',' << pair.demandFromVnetBps << ','
                << analysis.IsShort(eff.pair, s) << ',' << ToString(s.alternative) << ','
                << (s.alternativeCircuit == kNoIndex
                        ? std::string()
                        : Csv(g.GetCircuits()[s.alternativeCircuit].name))
                << ',' << (s.OverVpn() ? Csv(g.GetVpns()[s.vpn].name) : std::string()) << ','
                << (s.OverSiteLink() ? Csv(g.GetSiteLinks()[s.siteLink].name) : std::string())
                << '\n';
        }
    };
    for (const auto& r : result.singles)
    {
        rows(r);
    }
    for (const auto& r : result.compoundDoubles)
    {
        rows(r);
    }
    return out.str();
}

std::string
FormatPairsCsv(const ResilienceGraph& g,
               const ResilienceAnalysis& analysis,
               const ResilienceResult& result,
               const ResilienceFindings& findings)
{
    std::ostringstream out;
    out << "site,vnet,circuits,legs,reachable,redundant,capacity_to_vnet_bps,"
           "capacity_from_vnet_bps,demand_to_vnet_bps,demand_from_vnet_bps,short,"
           "single_points_of_failure,vpns,over_vpn,rtt_ms\n";
    for (uint32_t p = 0; p < g.GetPairs().size(); ++p)
    {
        const auto& pair = g.GetPairs()[p];
        const auto& s = result.baseline[p];
        std::vector<std::string> spofs;
        for (uint32_t e : findings.pairSinglePoints[p])
        {
            spofs.push_back(g.GetElements()[e].name);
        }
        out << Csv(g.GetSites()[pair.site].name) << ',' << Csv(g.GetVnets()[pair.vnet].name) << ','
            << Csv(Join(CircuitNames(g, LinkedCircuits(g, {p})), ";")) << ','
            << pair.linkedLegs.size() << ',' << s.reachable << ',' << s.redundant << ','
            << s.capacityToVnetBps << ',' << s.capacityFromVnetBps << ',' << pair.demandToVnetBps
            << ',' << pair.demandFromVnetBps << ',' << analysis.IsShort(p, s) << ','
            << Csv(Join(spofs, ";")) << ',' << Csv(Join(VpnNames(g, {p}), ";")) << ','
            << s.OverVpn() << ',' << FormatFixed(BaselineRttMs(g, p, s), 3) << '\n';
    }
    return out.str();
}

std::string
FormatScoresCsv(const std::vector<ResiliencyScore>& scores)
{
    std::ostringstream out;
    out << "vnet,gateway_sku,route_resiliency,locations,route_score,multiplier,zone_score,"
           "advisor_score,index,max_multiplier,max_index\n";
    for (const auto& s : scores)
    {
        out << Csv(s.vnet) << ',' << ToString(s.sku) << ',' << ToString(s.route) << ','
            << Csv(Join(s.locations, ";")) << ',' << s.routeScore << ',' << s.multiplier << ','
            << s.zoneScore << ',' << s.advisorScore << ',' << s.index << ',' << s.maxMultiplier
            << ',' << s.maxIndex << '\n';
    }
    return out.str();
}

std::string
FormatResilienceSummaryJson(const ResilienceGraph& g,
                            const ResilienceAnalysis& analysis,
                            const ResilienceResult& result,
                            const ResilienceFindings& findings,
                            const std::vector<ResiliencyScore>& scores,
                            std::optional<double> wallSeconds)
{
    using nlohmann::json;
    json j;
    j["program"] = "expressroute-resilience"; // marks the directory as ours (RunDirectory)
    j["scenario"] = g.GetScenarioName();
    j["depth"] = result.depth;
    json kinds = json::object();
    for (const auto& e : g.GetElements())
    {
        kinds[ToString(e.kind)] = kinds.value(ToString(e.kind), 0) + 1;
    }
    j["counts"] = {{"sites", g.GetSites().size()},
                   {"vnets", g.GetVnets().size()},
                   {"pairs", g.GetPairs().size()},
                   {"elements", g.GetElements().size()},
                   {"elements_by_kind", kinds},
                   {"failure_sets", result.failureSets},
                   {"single_sets", result.singles.size()},
                   {"double_sets", result.doubleSets},
                   {"doubles_evaluated_jointly", result.jointDoubles},
                   {"doubles_with_joint_effect", result.compoundDoubles.size()},
                   {"pair_evaluations", result.pairEvaluations},
                   {"backbone_views", result.backboneViews}};
    auto pairRef = [&](uint32_t p) {
        const auto& pair = g.GetPairs()[p];
        return json{{"site", g.GetSites()[pair.site].name}, {"vnet", g.GetVnets()[pair.vnet].name}};
    };
    j["pairs"] = json::array();
    for (uint32_t p = 0; p < g.GetPairs().size(); ++p)
    {
        const auto& s = result.baseline[p];
        json spofs = json::array();
        for (uint32_t e : findings.pairSinglePoints[p])
        {
            spofs.push_back(g.GetElements()[e].name);
        }
        json row = pairRef(p);
        row.update({{"reachable", s.reachable},
                    {"redundant", s.redundant},
                    {"capacity_to_vnet_bps", s.capacityToVnetBps},
                    {"capacity_from_vnet_bps", s.capacityFromVnetBps},
                    {"demand_to_vnet_bps", g.GetPairs()[p].demandToVnetBps},
                    {"demand_from_vnet_bps", g.GetPairs()[p].demandFromVnetBps},
                    {"short", analysis.IsShort(p, s)},
                    {"single_points_of_failure", spofs},
                    {"vpns", VpnNames(g, {p})},
                    {"over_vpn", s.OverVpn()},
                    {"rtt_ms", std::stod(FormatFixed(BaselineRttMs(g, p, s), 3))}});
        j["pairs"].push_back(row);
    }
    j["single_points_of_failure"] = json::array();
    for (const auto& spof : findings.singlePoints)
    {
        json cuts = json::array();
        for (uint32_t p : spof.pairs)
        {
            cuts.push_back(pairRef(p));
        }
        const auto& el = g.GetElements()[spof.element];
        j["single_points_of_failure"].push_back(
            {{"element", el.name},
             {"kind", ToString(el.kind)},
             {"cuts", cuts},
             {"text", spof.text}});
    }
    j["inherent"] = json::array();
    for (const auto& dep : findings.inherent)
    {
        const auto& vnet = g.GetVnets()[dep.vnet];
        j["inherent"].push_back({{"vnet", vnet.name},
                                 {"elements",
                                  {g.GetElements()[vnet.gateway].name,
                                   g.GetElements()[g.GetRegions()[vnet.region].element].name}},
                                 {"text", dep.text}});
    }
    j["worst_doubles"] = json::array();
    for (std::size_t i = 0; i < findings.worstDoubles.size() && i < 20; ++i)
    {
        const auto& group = findings.worstDoubles[i];
        json cuts = json::array();
        for (uint32_t p : group.pairs)
        {
            cuts.push_back(pairRef(p));
        }
        json sets = json::array();
        for (const auto& set : group.sets)
        {
            sets.push_back({g.GetElements()[set[0]].name, g.GetElements()[set[1]].name});
        }
        j["worst_doubles"].push_back({{"cuts", cuts}, {"sets", sets}, {"text", group.text}});
    }
    j["capacity"] = findings.capacity;
    j["alternatives"] = findings.alternatives;
    j["backups"] = findings.backups;
    j["site_pairs"] = json::array();
    for (const auto& f : findings.sitePairFindings)
    {
        const auto& pair = findings.sitePairs[f.pair];
        json paths = json::array();
        for (const auto& path : pair.paths)
        {
            paths.push_back({{"kind", path.vpn ? "vpn" : "global-reach"},
                             {"name", path.name},
                             {"capacity_bps", path.capacityBps},
                             {"rtt_ms", std::stod(FormatFixed(path.rttS * 1e3, 3))}});
        }
        std::vector<std::string> cut;
        std::vector<std::string> vpn;
        for (uint32_t e : f.cutBy)
        {
            cut.push_back(g.GetElements()[e].name);
        }
        for (uint32_t e : f.vpnBy)
        {
            vpn.push_back(g.GetElements()[e].name);
        }
        j["site_pairs"].push_back({{"site_a", g.GetSites()[pair.siteA].name},
                                   {"site_b", g.GetSites()[pair.siteB].name},
                                   {"paths", paths},
                                   {"cut_by", cut},
                                   {"over_vpn_after", vpn},
                                   {"text", f.text}});
    }
    j["scores"] = json::array();
    for (const auto& s : scores)
    {
        j["scores"].push_back({{"vnet", s.vnet},
                               {"gateway_sku", ToString(s.sku)},
                               {"route_resiliency", ToString(s.route)},
                               {"locations", s.locations},
                               {"route_score", s.routeScore},
                               {"multiplier", s.multiplier},
                               {"zone_score", s.zoneScore},
                               {"advisor_score", s.advisorScore},
                               {"index", s.index},
                               {"max_multiplier", s.maxMultiplier},
                               {"max_index", s.maxIndex}});
    }
    j["assumptions"] = {
        {"demand", "sum of ConstantRate traffic rates per direction; Bulk is elastic and counts 0"},
        {"backbone", "uncapacitated (400 Gbps links); connectivity from the fitted backbone graph"},
        {"validation_multiplier", "x1: the last Resiliency Validation test is unknown"},
        {"advisor_score", "0: Advisor's state is unknown"},
        {"zone_redundant",
         "ErGw*Az gateways assumed zone-redundant; ErGwScale instances = scale units"},
        {"vpn", "a VPN carries a pair only while every ExpressRoute leg is down (ExpressRoute "
                "preferred); its capacity is the VPN SKU's throughput, at most the internet "
                "uplink; RTTs from the simulator's delay model, VPN with its mean jitter"},
        {"site_pairs",
         "sites joined by Global Reach: single failures only (no doubles, no demand); Global "
         "Reach adds no site-VNet path in the model; two VPNs to one VPN gateway back it up"},
        {"not_modelled",
         "double failures and capacity of site-to-site pairs; sites that only VPNs join; "
         "Microsoft peering"}};
    if (wallSeconds)
    {
        j["wall_time_s"] = std::stod(FormatFixed(*wallSeconds, 6));
        j["failure_sets_per_second"] =
            *wallSeconds > 0 ? std::stod(FormatFixed(result.failureSets / *wallSeconds, 1)) : 0.0;
    }
    return j.dump(2) + "\n";
}

std::string
FormatResilienceDigest(const ResilienceGraph& g,
                       const ResilienceResult& result,
                       const ResilienceFindings& findings,
                       const std::vector<ResiliencyScore>& scores)
{
    std::ostringstream out;
    out << "Resilience of " << g.GetScenarioName() << " at depth " << result.depth << ": "
        << g.GetSites().size() << " sites, " << g.GetVnets().size() << " VNets, "
        << g.GetPairs().size() << " site-VNet pairs, " << g.GetElements().size()
        << " failable elements; " << result.failureSets << " failure sets ("
        << result.singles.size() << " single, " << result.doubleSets << " double, "
        << result.compoundDoubles.size() << " doubles with a joint effect).\n";
    auto section = [&out](const std::string& title,
                          const std::vector<std::string>& lines,
                          const std::string& none,
                          std::size_t max) {
        out << "\n" << title << ":\n";
        if (lines.empty())
        {
            out << "  " << none << "\n";
        }
        for (std::size_t i = 0; i < lines.size() && i < max; ++i)
        {
            out << "  - " << lines[i] << "\n";
        }
        if (lines.size() > max)
        {
            out << "  (" << lines.size() - max << " more in summary.json)\n";
        }
    };
    std::vector<std::string> lines;
    for (const auto& s : findings.singlePoints)
    {
        lines.push_back(s.text);
    }
    section("Single points of failure", lines, "None: every pair survives any single failure.", 50);
    lines.clear();
    for (const auto& d : findings.inherent)
    {
        lines.push_back(d.text);
    }
    section("Inherent to a VNet in one region", lines, "None.", 50);
    lines.clear();
    for (const auto& d : findings.worstDoubles)
    {
        lines.push_back(d.text);
    }
    if (result.depth == 2)
    {
        section("Worst double failures (cut what neither failure cuts alone)",
                lines,
                "None: every double failure cuts only what one of its failures cuts alone.",
                5);
    }
    section("Capacity against demand",
            findings.capacity,
            "No single failure leaves a reachable pair below its demand (ConstantRate traffic; "
            "Bulk is elastic and not counted).",
            10);
    if (!findings.alternatives.empty())
    {
        section("Surviving circuits that could carry a cut pair", findings.alternatives, "", 10);
    }
    if (!findings.sitePairFindings.empty())
    {
        lines.clear();
        for (const auto& f : findings.sitePairFindings)
        {
            lines.push_back(f.text);
        }
        section("Site to site over Global Reach (single failures; it adds no site-VNet path)",
                lines, "", 20);
    }
    if (!g.GetVpns().empty() || !g.GetSiteLinks().empty())
    {
        section("Single failures a backup path survives (a site's own circuits first, then another "
                "site's over the WAN, then a VPN)",
                findings.backups,
                "None: no single failure moves a pair from its own circuits to a backup.",
                20);
    }
    out << "\nResiliency index per gateway (Resiliency Insights, "
           "https://learn.microsoft.com/azure/expressroute/resiliency-insights). Assumed: no\n"
           "recent validation test (x1) and open Advisor recommendations (0); max = both earned.\n";
    if (!g.GetVpns().empty())
    {
        out << "It scores the gateway's ExpressRoute connections only: a VPN backup earns no "
               "points.\n";
    }
    char line[200];
    std::snprintf(line, sizeof(line), "  %-22s %-16s %-15s %5s %2s %5s %7s %5s %5s\n", "vnet",
                  "gateway", "routes", "route", "x", "zone", "advisor", "index", "max");
    out << line;
    for (const auto& s : scores)
    {
        std::snprintf(line, sizeof(line), "  %-22s %-16s %-15s %5g %2g %5g %7g %5g %5g\n",
                      s.vnet.c_str(), ToString(s.sku).c_str(), ToString(s.route).c_str(),
                      s.routeScore, s.multiplier, s.zoneScore, s.advisorScore, s.index, s.maxIndex);
        out << line;
    }
    return out.str();
}


} // namespace expressroute
} // namespace ns3
