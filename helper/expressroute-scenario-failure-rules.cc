// SPDX-License-Identifier: GPL-2.0-only
// Rule: a failure's target names something of the scenario, in the form its kind expects
// (expressroute-failure.h). Names only the built topology knows (backbone links, link names)
// are checked when the failure binds to the topology.
#include "expressroute-failure.h"
#include "expressroute-geography.h"
#include "expressroute-geography-reader.h"
#include "expressroute-msee.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-scenario-rules.h"

#include "ns3/object-factory.h"

#include <algorithm>
#include <set>

namespace ns3
{
namespace expressroute
{

namespace
{

std::vector<std::string>
Split(const std::string& s)
{
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (std::size_t i = 0; i <= s.size(); ++i)
    {
        if (i == s.size() || s[i] == '/')
        {
            parts.push_back(s.substr(from, i - from));
            from = i + 1;
        }
    }
    return parts;
}

/// Checks one target; returns "" or the reason.
std::string
CheckTarget(FailureTargetKind kind, const std::string& target, const Scenario& s, const Geography& geo)
{
    std::vector<std::string> circuits;
    std::vector<std::string> providers;
    std::set<std::string> locations;
    std::set<std::string> regions;
    for (const auto& c : s.circuits)
    {
        circuits.push_back(c.name);
        locations.insert(c.peeringLocation);
        if (c.secondaryPeeringLocation)
        {
            locations.insert(*c.secondaryPeeringLocation);
        }
    }
    for (const auto& p : s.providers)
    {
        providers.push_back(p.name);
    }
    for (const auto& v : s.vnets)
    {
        if (auto r = geo.FindRegion(v.region))
        {
            regions.insert(r->GetName());
        }
    }
    auto unknown = [](const std::string& what, const std::string& name,
                      const std::vector<std::string>& known) {
        const auto with = what.find(" with ");
        const std::string plural = with == std::string::npos
                                       ? what + "s"
                                       : what.substr(0, with) + "s" + what.substr(with);
        return "no " + what + " " + Quote(name) + " in the scenario (" + plural + ": " +
               JoinNames(known) + ")" + DidYouMean(name, known);
    };
    auto circuitLink = [&](const std::vector<std::string>& parts) -> std::string {
        if (std::find(circuits.begin(), circuits.end(), parts[0]) == circuits.end())
        {
            return unknown("circuit", parts[0], circuits);
        }
        if (!ParseTargetRole(parts[1]))
        {
            return "link role " + Quote(parts[1]) + " is neither primary nor secondary";
        }
        return "";
    };
    const auto parts = Split(target);
    const std::string form = "expected " + Describe(kind) + ", got " + Quote(target);
    // "wan/<name>": a site link (unless a circuit is named "wan").
    auto siteLink = [&](const std::vector<std::string>& parts) -> std::string {
        std::vector<std::string> names;
        for (const auto& l : s.siteLinks)
        {
            if (l.name == parts[1])
            {
                return "";
            }
            names.push_back(l.name);
        }
        return unknown("site link", parts[1], names);
    };
    const bool wan = parts.size() == 2 && parts[0] == "wan" &&
                     std::find(circuits.begin(), circuits.end(), "wan") == circuits.end();
    switch (kind)
    {
    case FailureTargetKind::CircuitLink:
        if (wan)
        {
            return siteLink(parts);
        }
        return parts.size() == 2 ? circuitLink(parts) : form;
    case FailureTargetKind::Circuit:
        return std::find(circuits.begin(), circuits.end(), target) != circuits.end()
                   ? ""
                   : unknown("circuit", target, circuits);
    case FailureTargetKind::Provider:
        return std::find(providers.begin(), providers.end(), target) != providers.end()
                   ? ""
                   : unknown("provider", target, providers);
    case FailureTargetKind::PeeringLocation:
    case FailureTargetKind::Msee: {
        const bool msee = kind == FailureTargetKind::Msee;
        if (msee && (parts.size() != 2 || !ParseTargetRole(parts[1])))
        {
            return form;
        }
        const std::string loc = msee ? parts[0] : target;
        return locations.count(loc) ? ""
                                    : unknown("peering location with a circuit",
                                              loc,
                                              {locations.begin(), locations.end()});
    }
    case FailureTargetKind::Region:
        if (regions.count(target))
        {
            return "";
        }
        if (!LookupRegion(geo, target))
        {
            return "unknown region " + Quote(target) + SuggestRegion(geo, target);
        }
        return unknown("region with a VNet", target, {regions.begin(), regions.end()});
    case FailureTargetKind::BackboneLink: {
        const auto sep = target.find("--");
        if (sep == std::string::npos)
        {
            return form;
        }
        // The first end may be a peering location with its own router (its links to several
        // regions, backbone/<location>--<region>); whether that link exists is checked when the
        // failure binds.
        const std::string first = target.substr(0, sep);
        if (!geo.FindRegion(first) && !locations.count(first))
        {
            return "unknown region " + Quote(first) + SuggestRegion(geo, first);
        }
        const std::string second = target.substr(sep + 2);
        if (!geo.FindRegion(second))
        {
            return "unknown region " + Quote(second) + SuggestRegion(geo, second);
        }
        return "";
    }
    case FailureTargetKind::BgpSession:
        if (parts.size() != 3)
        {
            return form;
        }
        if (auto e = circuitLink(parts); !e.empty())
        {
            return e;
        }
        for (const auto& c : s.circuits)
        {
            if (c.name == parts[0])
            {
                for (const auto& p : c.peerings)
                {
                    if (ToString(p.type) == parts[2])
                    {
                        return "";
                    }
                }
            }
        }
        return "circuit " + Quote(parts[0]) + " has no " + Quote(parts[2]) + " peering";
    case FailureTargetKind::Vnet: {
        std::vector<std::string> vnets;
        for (const auto& v : s.vnets)
        {
            vnets.push_back(v.name);
        }
        return std::find(vnets.begin(), vnets.end(), target) != vnets.end()
                   ? ""
                   : unknown("VNet", target, vnets);
    }
    case FailureTargetKind::Peering: {
        if (parts.size() != 2)
        {
            return form;
        }
        if (std::find(circuits.begin(), circuits.end(), parts[0]) == circuits.end())
        {
            return unknown("circuit", parts[0], circuits);
        }
        for (const auto& c : s.circuits)
        {
            for (const auto& p : c.peerings)
            {
                if (c.name == parts[0] && ToString(p.type) == parts[1])
                {
                    return "";
                }
            }
        }
        return "circuit " + Quote(parts[0]) + " has no " + Quote(parts[1]) + " peering";
    }
    case FailureTargetKind::PrivatePeeringOrSite: {
        for (const auto& c : s.circuits)
        {
            if (c.name != target)
            {
                continue;
            }
            for (const auto& p : c.peerings)
            {
                if (p.type == PeeringType::AzurePrivate)
                {
                    return "";
                }
            }
            return "circuit " + Quote(target) +
                   " has no AzurePrivate peering: a prefix-limit breach on a circuit goes out on "
                   "its private-peering sessions (target the site for a leak on every session)";
        }
        std::vector<std::string> names = circuits;
        for (const auto& site : s.sites)
        {
            if (site.name == target)
            {
                return "";
            }
            names.push_back(site.name);
        }
        return "no circuit or site " + Quote(target) + " in the scenario (circuits and sites: " +
               JoinNames(names) + ")" + DidYouMean(target, names);
    }
    case FailureTargetKind::CeRouter: {
        if (parts.size() != 2)
        {
            return form;
        }
        std::vector<std::string> names;
        for (const auto& site : s.sites)
        {
            if (site.name != parts[0])
            {
                names.push_back(site.name);
                continue;
            }
            const uint32_t count = site.ceRouters.value_or(1);
            for (uint32_t i = 1; i <= count; ++i)
            {
                if (parts[1] == "ce" + std::to_string(i))
                {
                    return "";
                }
            }
            return "site " + Quote(site.name) + " has " + std::to_string(count) +
                   " CE router(s): no " + Quote(parts[1]) +
                   (count > 1 ? " (ce1 or ce2)" : " (ce1; ceRouters: 2 adds ce2)");
        }
        return unknown("site", parts[0], names);
    }
    case FailureTargetKind::Link:
        // "<circuit>/<role>" and "wan/<name>" are checked here; other link names when the
        // failure binds.
        if (wan)
        {
            return siteLink(parts);
        }
        if (parts.size() == 2 && std::find(circuits.begin(), circuits.end(), parts[0]) != circuits.end())
        {
            return circuitLink(parts);
        }
        return "";
    }
    return "";
}

/**
 * True when an error was found in a name the target of @p kind is matched against: a target
 * would then be refused (or a typo suggested) because of an error already reported.
 */
bool
NamesUnsure(FailureTargetKind kind, const Scenario& s, const ScenarioDiagnostics& diag)
{
    std::vector<std::string> paths;
    switch (kind)
    {
    case FailureTargetKind::Region:
        for (const auto& v : s.vnets)
        {
            paths.push_back(v.path + "/region");
        }
        break;
    case FailureTargetKind::PeeringLocation:
    case FailureTargetKind::Msee:
        for (const auto& c : s.circuits)
        {
            paths.push_back(c.path + "/peeringLocation");
            paths.push_back(c.path + "/secondaryPeeringLocation");
        }
        break;
    case FailureTargetKind::Provider:
        for (const auto& p : s.providers)
        {
            paths.push_back(p.path + "/name");
        }
        break;
    case FailureTargetKind::CeRouter:
        for (const auto& site : s.sites)
        {
            paths.push_back(site.path + "/name");
            paths.push_back(site.path + "/ceRouters");
        }
        break;
    default:
        for (const auto& c : s.circuits)
        {
            paths.push_back(c.path + "/name");
        }
        break;
    }
    return std::any_of(paths.begin(), paths.end(), [&diag](const std::string& p) {
        return diag.HasErrorAt(p);
    });
}

} // namespace

void
CheckFailureTargets(const Scenario& scenario, const Geography& geography, ScenarioDiagnostics& diag)
{
    for (const auto& f : scenario.failures)
    {
        const auto end = scenario.simulation.duration;
        if (end && f.start >= *end && !diag.HasErrorAt(f.path + "/start"))
        {
            diag.Error(f.path + "/start",
                       "starts at " + FormatDuration(f.start) + ", at or after the end of the "
                       "simulation (" + FormatDuration(*end) + "): it would never happen");
        }
        if (diag.HasErrorAt(f.path + "/kind") || f.target.empty())
        {
            continue;
        }
        ObjectFactory factory("ns3::expressroute::" + f.kind);
        auto failure = factory.Create<Failure>();
        if (NamesUnsure(failure->GetTargetKind(), scenario, diag))
        {
            continue; // the names a target could match are not all known: their errors say why
        }
        const std::string why = CheckTarget(failure->GetTargetKind(), f.target, scenario, geography);
        if (!why.empty())
        {
            diag.Error(f.path + "/target", why);
        }
    }
}

} // namespace expressroute
} // namespace ns3
