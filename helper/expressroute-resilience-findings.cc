// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-resilience-findings.h"

#include "expressroute-output-writer.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace ns3
{
namespace expressroute
{

namespace
{



bool
Has(const std::vector<uint32_t>& sorted, uint32_t x)
{
    return std::binary_search(sorted.begin(), sorted.end(), x);
}

/// The name a sentence uses for an element: the place or thing, not the node path.
std::string
Plain(const ResilienceGraph& g, uint32_t e)
{
    const auto& el = g.GetElements()[e];
    switch (el.kind)
    {
    case ElementKind::PeeringLocation:
        return "Peering location " + g.GetLocations()[el.index].name;
    case ElementKind::Provider:
        return "Provider " + g.GetProviders()[el.index].name;
    case ElementKind::Region:
        return "Region " + g.GetRegions()[el.index].name;
    case ElementKind::BackboneLink:
        return "Backbone link " + el.name.substr(std::string("backbone/").size());
    case ElementKind::CeRouter:
        return "CE router " + el.name;
    case ElementKind::ProviderEdge:
        return "Provider edge " + el.name;
    case ElementKind::CircuitLink:
        return "Circuit link " + el.name;
    case ElementKind::Msee:
        return "MSEE " + el.name;
    case ElementKind::Gateway:
        return "Gateway " + el.name;
    case ElementKind::VpnGateway:
        return "VPN gateway " + el.name;
    case ElementKind::InternetPath:
        return "Internet path of VPN " + g.GetVpns()[el.index].name;
    case ElementKind::SiteLink:
        return "Site link " + g.GetSiteLinks()[el.index].name;
    }
    return el.name;
}

bool
IsInherent(const ResilienceGraph& g, uint32_t e, uint32_t pair)
{
    const auto& el = g.GetElements()[e];
    const auto& vnet = g.GetVnets()[g.GetPairs()[pair].vnet];
    return e == vnet.gateway || (el.kind == ElementKind::Region && el.index == vnet.region);
}

/// "site from vnet1, vnet2" for each site of @p pairs, in pair order.
std::vector<std::pair<uint32_t, std::vector<uint32_t>>>
BySite(const ResilienceGraph& g, const std::vector<uint32_t>& pairs)
{
    std::vector<std::pair<uint32_t, std::vector<uint32_t>>> out;
    for (uint32_t p : pairs)
    {
        const uint32_t site = g.GetPairs()[p].site;
        if (out.empty() || out.back().first != site)
        {
            out.push_back({site, {}});
        }
        out.back().second.push_back(p);
    }
    return out;
}

std::string
Cuts(const ResilienceGraph& g, const std::vector<uint32_t>& pairs)
{
    std::vector<std::string> parts;
    for (const auto& [site, ps] : BySite(g, pairs))
    {
        std::vector<std::string> vnets;
        for (uint32_t p : ps)
        {
            vnets.push_back(g.GetVnets()[g.GetPairs()[p].vnet].name);
        }
        parts.push_back(g.GetSites()[site].name + " from " + Join(vnets));
    }
    return Join(parts, " and ");
}

std::string
PairName(const ResilienceGraph& g, uint32_t p)
{
    const auto& pair = g.GetPairs()[p];
    return g.GetSites()[pair.site].name + " -> " + g.GetVnets()[pair.vnet].name;
}

/// Why @p element cuts @p pairs (all of one site), in words.
std::string
Reason(const ResilienceGraph& g, uint32_t element, const std::vector<uint32_t>& pairs)
{
    const auto& el = g.GetElements()[element];
    const auto& site = g.GetSites()[g.GetPairs()[pairs.front()].site];
    const auto circuits = LinkedCircuits(g, pairs);
    const std::string list = Join(CircuitNames(g, circuits));
    uint32_t provisioned = 0;
    for (uint32_t c : site.circuits)
    {
        provisioned += g.GetCircuits()[c].provisioned ? 1 : 0;
    }
    const bool only = circuits.size() == 1 && provisioned == 1;
    switch (el.kind)
    {
    case ElementKind::PeeringLocation:
        return circuits.size() == 1
                   ? "both links of circuit " + list +
                         (only ? ", " + site.name + "'s only circuit," : "") + " terminate there"
                   : "every circuit of " + site.name + " linking them (" + list +
                         ") terminates there";
    case ElementKind::CeRouter: {
        const auto vpns = VpnNames(g, pairs);
        const std::string tunnels =
            vpns.empty() ? "" : (circuits.empty() ? "VPN " : ", as does VPN ") + Join(vpns);
        if (site.ces.size() > 1)
        {
            return "every surviving link of " + site.name + " ends on it" +
                   (vpns.empty() ? "" : ", and VPN " + Join(vpns));
        }
        return site.name + " has one CE router and " +
               (circuits.empty() ? tunnels + " ends on it"
                                 : "every link of " + list + " ends on it" + tunnels);
    }
    case ElementKind::VpnGateway:
    case ElementKind::InternetPath:
        return "the only path of " + site.name + " to them is VPN " + Join(VpnNames(g, pairs)) +
               ", which needs it";
    case ElementKind::Provider:
        return circuits.size() == 1
                   ? "circuit " + list + (only ? ", " + site.name + "'s only circuit," : "") +
                         " runs through it"
                   : "every circuit of " + site.name + " linking them (" + list +
                         ") runs through it";
    case ElementKind::BackboneLink:
        return "every backbone path from " + site.name + "'s peering locations to them uses it";
    default:
        return "every remaining path from " + site.name + " to them crosses it";
    }
}

std::string
Fix(ElementKind kind)
{
    switch (kind)
    {
    case ElementKind::PeeringLocation:
        return "A second circuit at another peering location removes this.";
    case ElementKind::CeRouter:
        return "A second CE router (ceRouters: 2, which puts each circuit's secondary link on it) "
               "removes this.";
    case ElementKind::Provider:
        return "A circuit through a second provider removes this.";
    case ElementKind::BackboneLink:
        return "This is the model's fitted backbone (doc/backbone.md); a circuit at a peering "
               "location on the far side of it removes this.";
    case ElementKind::VpnGateway:
    case ElementKind::InternetPath:
        return "A circuit linking the VNet (ExpressRoute first, the VPN as its backup) removes "
               "this.";
    case ElementKind::SiteLink:
        return "A circuit of the site's own linking the VNet, or a second WAN link, removes "
               "this.";
    default:
        return "A second circuit at another peering location removes this.";
    }
}

std::string
SinglePointText(const ResilienceGraph& g, uint32_t element, const std::vector<uint32_t>& pairs)
{
    std::vector<std::string> clauses;
    for (const auto& [site, ps] : BySite(g, pairs))
    {
        clauses.push_back(Reason(g, element, ps) + "; losing it cuts " + Cuts(g, ps));
    }
    return Plain(g, element) + ": " + Join(clauses, "; ") + ". " +
           Fix(g.GetElements()[element].kind);
}

std::string
TierFix(const ResilienceGraph& g, uint32_t circuit, uint32_t region)
{
    const auto& c = g.GetCircuits()[circuit];
    const uint32_t loc = g.GetLegs()[c.legs[0]].location;
    const bool standardEnough =
        c.tier == CircuitTier::Local && g.TierAllows(CircuitTier::Standard, loc, region);
    return "it is " + ToString(c.tier) + " at " + g.GetLocations()[loc].name +
           " and cannot reach " + g.GetRegions()[region].name + ": " +
           (standardEnough ? "Standard" : "Premium") + " and a VNet link would keep the pair up";
}

} // namespace

std::string
Join(const std::vector<std::string>& items, const std::string& sep)
{
    std::string out;
    for (const auto& item : items)
    {
        out += (out.empty() ? "" : sep) + item;
    }
    return out;
}

std::vector<uint32_t>
LinkedCircuits(const ResilienceGraph& g, const std::vector<uint32_t>& pairs)
{
    std::vector<uint32_t> out;
    for (uint32_t p : pairs)
    {
        for (uint32_t l : g.GetPairs()[p].linkedLegs)
        {
            out.push_back(g.GetLegs()[l].circuit);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string>
VpnNames(const ResilienceGraph& g, const std::vector<uint32_t>& pairs)
{
    std::vector<uint32_t> vpns;
    for (uint32_t p : pairs)
    {
        const auto& v = g.GetPairs()[p].vpns;
        vpns.insert(vpns.end(), v.begin(), v.end());
    }
    std::sort(vpns.begin(), vpns.end());
    vpns.erase(std::unique(vpns.begin(), vpns.end()), vpns.end());
    std::vector<std::string> out;
    for (uint32_t k : vpns)
    {
        out.push_back(g.GetVpns()[k].name);
    }
    return out;
}

std::string
RttComparison(const ResilienceGraph& g, uint32_t pair, double over)
{
    const double er = g.GetPairs()[pair].erRttS;
    if (er <= 0)
    {
        return "RTT " + FormatFixed(over * 1e3, 1) + " ms";
    }
    return "about " + FormatFixed(over / er, 1) + "x the RTT: " + FormatFixed(over * 1e3, 1) +
           " ms instead of " + FormatFixed(er * 1e3, 1) + " ms";
}

std::vector<std::string>
CircuitNames(const ResilienceGraph& g, const std::vector<uint32_t>& circuits)
{
    std::vector<std::string> out;
    for (uint32_t c : circuits)
    {
        out.push_back(g.GetCircuits()[c].name);
    }
    return out;
}


ResilienceFindings
FindResilienceFindings(const ResilienceGraph& g,
                       const ResilienceAnalysis& analysis,
                       const ResilienceResult& result)
{
    ResilienceFindings f;
    const auto& pairs = g.GetPairs();
    const std::size_t n = g.GetElements().size();
    f.pairSinglePoints.resize(pairs.size());
    std::vector<std::vector<uint32_t>> cutAlone(n);
    for (uint32_t e = 0; e < n; ++e)
    {
        for (const auto& eff : result.singles[e].effects)
        {
            if (result.baseline[eff.pair].reachable && !eff.state.reachable)
            {
                cutAlone[e].push_back(eff.pair);
            }
        }
        std::vector<uint32_t> own;
        for (uint32_t p : cutAlone[e])
        {
            if (!IsInherent(g, e, p))
            {
                own.push_back(p);
                f.pairSinglePoints[p].push_back(e);
            }
        }
        if (!own.empty())
        {
            f.singlePoints.push_back({e, own, SinglePointText(g, e, own)});
        }
    }

    for (uint32_t v = 0; v < g.GetVnets().size(); ++v)
    {
        InherentDependency dep;
        dep.vnet = v;
        std::vector<std::string> sites;
        for (uint32_t p = 0; p < pairs.size(); ++p)
        {
            if (pairs[p].vnet == v && result.baseline[p].reachable)
            {
                dep.pairs.push_back(p);
                sites.push_back(g.GetSites()[pairs[p].site].name);
            }
        }
        if (dep.pairs.empty())
        {
            continue;
        }
        const auto& vnet = g.GetVnets()[v];
        // The sites the gateway alone cuts: those without a VPN that survives it.
        std::vector<std::string> gatewayCuts;
        std::vector<std::string> keep;
        for (uint32_t p : dep.pairs)
        {
            (Has(cutAlone[vnet.gateway], p) ? gatewayCuts : keep)
                .push_back(g.GetSites()[pairs[p].site].name);
        }
        const std::string inherent = ". Inherent to a VNet in one region: only a replica of the "
                                     "workload in another region removes this.";
        if (keep.empty())
        {
            dep.text = vnet.name + " lives in " + g.GetRegions()[vnet.region].name +
                       " behind one ExpressRoute gateway: losing either cuts it from " +
                       Join(sites) + inherent;
        }
        else
        {
            dep.text = vnet.name + " lives in " + g.GetRegions()[vnet.region].name +
                       ": losing the region cuts it from " + Join(sites) +
                       "; losing its ExpressRoute gateway cuts it from " +
                       (gatewayCuts.empty() ? std::string("no site") : Join(gatewayCuts)) +
                       " (" + Join(keep) + (keep.size() == 1 ? " keeps" : " keep") +
                       " it over VPN)" + inherent;
        }
        f.inherent.push_back(std::move(dep));
    }

    // Backups: per single failure and site, the pairs that move from their own circuits to a
    // VPN or, over the WAN, to another site's circuit, and the pairs the failure cuts.
    for (uint32_t e = 0; e < n; ++e)
    {
        std::map<uint32_t, std::pair<std::vector<std::string>, std::vector<std::string>>> bySite;
        for (const auto& eff : result.singles[e].effects)
        {
            const auto& base = result.baseline[eff.pair];
            const auto& pair = pairs[eff.pair];
            if (!eff.state.OverBackup() || !base.reachable || base.OverBackup())
            {
                continue;
            }
            std::string path;
            double rtt = 0;
            if (eff.state.OverSiteLink())
            {
                const auto& via = g.GetCircuits()[eff.state.viaCircuit];
                path = "over site link " + g.GetSiteLinks()[eff.state.siteLink].name + " and " +
                       g.GetSites()[via.site].name + "'s circuit " + via.name;
                for (uint32_t l : pair.transitLegs)
                {
                    const auto& leg = g.GetLegs()[l];
                    if (leg.siteLink == eff.state.siteLink && leg.circuit == eff.state.viaCircuit)
                    {
                        const double r = g.LegRttS(l, pair.vnet);
                        rtt = rtt == 0 ? r : std::min(rtt, r);
                    }
                }
            }
            else
            {
                path = "over VPN " + g.GetVpns()[eff.state.vpn].name;
                rtt = g.GetVpns()[eff.state.vpn].rttS;
            }
            bySite[pair.site].first.push_back(g.GetVnets()[pair.vnet].name + " " + path + " at " +
                                              FormatBandwidth(eff.state.capacityToVnetBps) +
                                              " (" + RttComparison(g, eff.pair, rtt) + ")");
        }
        if (bySite.empty())
        {
            continue;
        }
        for (uint32_t p : cutAlone[e])
        {
            auto it = bySite.find(pairs[p].site);
            if (it != bySite.end())
            {
                it->second.second.push_back(g.GetVnets()[pairs[p].vnet].name);
            }
        }
        std::vector<std::string> clauses;
        for (const auto& [site, moved] : bySite)
        {
            clauses.push_back(g.GetSites()[site].name + " keeps " + Join(moved.first) +
                              (moved.second.empty() ? "" : "; loses " + Join(moved.second)));
        }
        f.backups.push_back(Plain(g, e) + ": " + Join(clauses, "; ") + ".");
    }

    f.sitePairs = BuildSitePairs(g);
    f.sitePairFindings = FindSitePairFindings(g, f.sitePairs);

    std::map<std::vector<uint32_t>, std::vector<std::vector<uint32_t>>> groups;
    for (const auto& d : result.compoundDoubles)
    {
        std::vector<uint32_t> joint;
        for (const auto& eff : d.effects)
        {
            if (result.baseline[eff.pair].reachable && !eff.state.reachable &&
                !Has(cutAlone[d.elements[0]], eff.pair) && !Has(cutAlone[d.elements[1]], eff.pair))
            {
                joint.push_back(eff.pair);
            }
        }
        if (!joint.empty())
        {
            groups[joint].push_back(d.elements);
        }
    }
    for (auto& [ps, sets] : groups)
    {
        std::vector<std::string> examples;
        for (std::size_t i = 0; i < sets.size() && i < 3; ++i)
        {
            examples.push_back(g.GetElements()[sets[i][0]].name + " + " +
                               g.GetElements()[sets[i][1]].name);
        }
        const std::string count = std::to_string(sets.size()) + " double failure" +
                                  (sets.size() == 1 ? " cuts " : "s cut ");
        f.worstDoubles.push_back({ps, sets, count + Cuts(g, ps) +
                                                " though neither failure alone does, e.g. " +
                                                Join(examples, "; ") + "."});
    }
    std::stable_sort(f.worstDoubles.begin(),
                     f.worstDoubles.end(),
                     [](const auto& a, const auto& b) {
                         return a.pairs.size() != b.pairs.size() ? a.pairs.size() > b.pairs.size()
                                                                 : a.sets.size() > b.sets.size();
                     });

    auto shortfall = [&](uint32_t p, const PairState& s) {
        std::vector<std::string> parts;
        if (s.capacityToVnetBps < pairs[p].demandToVnetBps)
        {
            parts.push_back(FormatBandwidth(s.capacityToVnetBps) + " towards the VNet for " +
                            FormatBandwidth(pairs[p].demandToVnetBps));
        }
        if (s.capacityFromVnetBps < pairs[p].demandFromVnetBps)
        {
            parts.push_back(FormatBandwidth(s.capacityFromVnetBps) + " from the VNet for " +
                            FormatBandwidth(pairs[p].demandFromVnetBps));
        }
        return Join(parts, " and ");
    };
    for (uint32_t p = 0; p < pairs.size(); ++p)
    {
        if (analysis.IsShort(p, result.baseline[p]))
        {
            f.capacity.push_back("With nothing failed, " + PairName(g, p) + " has " +
                                 shortfall(p, result.baseline[p]) + " of demand.");
        }
    }
    // Alternatives: one sentence per (pair, circuit, kind), naming the first failure.
    std::map<std::tuple<uint32_t, uint32_t, Alternative>, std::pair<uint32_t, uint32_t>> alts;
    std::vector<std::tuple<uint32_t, uint32_t, Alternative>> altOrder;
    for (uint32_t e = 0; e < n; ++e)
    {
        for (const auto& eff : result.singles[e].effects)
        {
            if (analysis.IsShort(eff.pair, eff.state) &&
                !analysis.IsShort(eff.pair, result.baseline[eff.pair]))
            {
                f.capacity.push_back("Losing " + g.GetElements()[e].name + " leaves " +
                                     PairName(g, eff.pair) + " " + shortfall(eff.pair, eff.state) +
                                     " of demand.");
            }
            if (eff.state.alternative != Alternative::None && result.baseline[eff.pair].reachable)
            {
                const auto key =
                    std::make_tuple(eff.pair, eff.state.alternativeCircuit, eff.state.alternative);
                auto [it, inserted] = alts.emplace(key, std::make_pair(e, 0u));
                ++it->second.second;
                if (inserted)
                {
                    altOrder.push_back(key);
                }
            }
        }
    }
    for (const auto& key : altOrder)
    {
        const auto [p, circuit, kind] = key;
        const auto [first, count] = alts.at(key);
        const auto& pair = pairs[p];
        const std::string others =
            count > 1 ? " (and " + std::to_string(count - 1) + " other single failures)" : "";
        f.alternatives.push_back(
            "Losing " + g.GetElements()[first].name + others + " cuts " + Cuts(g, {p}) + ", yet " +
            g.GetCircuits()[circuit].name + " survives: " +
            (kind == Alternative::LinkVnet
                 ? std::string("it does not link the VNet; a VNet link would keep the pair up")
                 : TierFix(g, circuit, g.GetVnets()[pair.vnet].region)) +
            ".");
    }
    return f;
}

} // namespace expressroute
} // namespace ns3
