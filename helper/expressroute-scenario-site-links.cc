// SPDX-License-Identifier: GPL-2.0-only
// The scenario's "siteLinks": the customer's own WAN between two sites. Parsed here (one entry
// at a time: keys, the two sites, bandwidth, delay) and checked across the scenario (the sites
// exist, one link per pair of sites, unique names, different ASNs at the two ends). The
// topology builder gives each a point-to-point link between the sites' first CE routers with
// eBGP over it (expressroute-site-link-builder.cc).
#include "expressroute-scenario-loader.h"
#include "expressroute-scenario-parser.h"
#include "expressroute-scenario-rules.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

namespace ns3
{
namespace expressroute
{

namespace
{

/// 400GbE, the fastest Ethernet port: a faster WAN link is a typo.
constexpr uint64_t kMaxSiteLinkBps = 400000000000ULL;
/// One-way delay beyond which a terrestrial WAN link is a typo (half the Earth's circumference
/// in fibre is about 100 ms).
const Time kMaxSiteLinkDelay = Seconds(1);

} // namespace

std::optional<SiteLinkSpec>
ParseSiteLink(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(
        at.value, at.path, ctx.diag, {"name", "sites", "bandwidth", "delay", "bfd"}, "a site link");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    SiteLinkSpec l;
    l.path = at.path;
    if (auto name = r.GetName("name", Need::Optional))
    {
        if (name->find('/') != std::string::npos)
        {
            ctx.diag.Error(r.PathOf("name"),
                           "a site link's name must not contain '/': it is the failure target "
                           "\"wan/<name>\"");
        }
        l.name = *name;
    }
    const auto sites = r.GetArray("sites", Need::Required, false);
    if (r.Has("sites") && r.Get("sites", Need::Required)->is_array() && sites.size() != 2)
    {
        ctx.diag.Error(r.PathOf("sites"),
                       "expected exactly two site names, got " + std::to_string(sites.size()));
    }
    else if (sites.size() == 2)
    {
        l.siteA = ReadJsonName(sites[0], ctx.diag).value_or("");
        l.siteB = ReadJsonName(sites[1], ctx.diag).value_or("");
        if (!l.siteA.empty() && l.siteA == l.siteB)
        {
            ctx.diag.Error(sites[1].path,
                           "a site link joins two different sites; both are " + Quote(l.siteA));
        }
    }
    if (l.name.empty() && !l.siteA.empty() && !l.siteB.empty())
    {
        l.name = l.siteA + "--" + l.siteB;
    }
    if (auto rate = r.GetRate("bandwidth", Need::Required))
    {
        if (*rate > kMaxSiteLinkBps)
        {
            ctx.diag.Error(r.PathOf("bandwidth"),
                           "a site link of more than 400Gbps (the fastest Ethernet port) is "
                           "not modelled; got " +
                               Quote(r.Get("bandwidth", Need::Required)->get<std::string>()));
        }
        else
        {
            l.bandwidthBps = *rate;
        }
    }
    l.delay = r.GetDuration("delay", Need::Optional, true);
    if (l.delay && *l.delay > kMaxSiteLinkDelay)
    {
        ctx.diag.Error(r.PathOf("delay"),
                       "a one-way delay of " + FormatDuration(*l.delay) +
                           " is beyond any terrestrial link (at most 1s); leave delay out to "
                           "derive it from the sites' distance");
        l.delay.reset();
    }
    l.bfd = r.GetBool("bfd", Need::Optional);
    return l;
}

void
CheckSiteLinks(const Scenario& scenario, ScenarioDiagnostics& diag)
{
    std::vector<std::string> siteNames;
    for (const auto& s : scenario.sites)
    {
        siteNames.push_back(s.name);
    }
    // A missing or malformed /sites is reported there: no follow-on error per link.
    const bool sitesKnown = !diag.HasErrorExactlyAt("/sites");
    std::map<std::pair<std::string, std::string>, std::string> pairs;
    std::map<std::string, std::string> names;
    for (const auto& l : scenario.siteLinks)
    {
        bool sitesOk = !l.siteA.empty() && !l.siteB.empty() && !diag.HasErrorAt(l.path + "/sites");
        for (const auto& [index, site] : {std::make_pair(0, l.siteA), std::make_pair(1, l.siteB)})
        {
            const std::string path = l.path + "/sites/" + std::to_string(index);
            if (site.empty() || diag.HasErrorAt(path) || !sitesKnown)
            {
                continue;
            }
            if (std::find(siteNames.begin(), siteNames.end(), site) == siteNames.end())
            {
                diag.Error(path, "unknown site " + Quote(site) + DidYouMean(site, siteNames));
                sitesOk = false;
            }
        }
        bool duplicatePair = false;
        if (sitesOk)
        {
            const auto key = std::minmax(l.siteA, l.siteB);
            auto [it, fresh] = pairs.emplace(key, l.path);
            if (!fresh)
            {
                duplicatePair = true;
                diag.Error(l.path + "/sites",
                           "duplicate site link between " + Quote(key.first) + " and " +
                               Quote(key.second) + "; the first is at " + it->second +
                               " (one link per pair of sites: give it the total bandwidth)");
            }
            const SiteSpec* a = scenario.FindSite(l.siteA);
            const SiteSpec* b = scenario.FindSite(l.siteB);
            if (!duplicatePair && a && b && a->asn != 0 && a->asn == b->asn &&
                !diag.HasErrorAt(a->path + "/asn"))
            {
                diag.Error(l.path + "/sites",
                           "sites " + Quote(l.siteA) + " and " + Quote(l.siteB) +
                               " share ASN " + std::to_string(a->asn) +
                               ": the WAN runs eBGP between the sites' CE routers, and with one "
                               "ASN each site would refuse the other's routes (AS-path loop) and "
                               "Microsoft would see equal AS paths on both circuits; give each "
                               "site its own ASN");
            }
        }
        if (!duplicatePair && !l.name.empty() && !diag.HasErrorAt(l.path + "/name"))
        {
            auto [it, fresh] = names.emplace(l.name, l.path);
            if (!fresh)
            {
                diag.Error(l.path + "/name",
                           "duplicate site link name " + Quote(l.name) + "; the first is at " +
                               it->second);
            }
        }
    }
}

} // namespace expressroute
} // namespace ns3
