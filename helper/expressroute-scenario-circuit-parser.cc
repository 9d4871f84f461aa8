// SPDX-License-Identifier: GPL-2.0-only
// The circuit part of the scenario parser (expressroute-scenario-parser.h): circuits, their
// peerings and VNet links, and the per-circuit checks (one peering per type, distinct VLANs,
// one link per VNet, public addressing on Microsoft peering).
#include "expressroute-communities.h"
#include "expressroute-geography.h"
#include "expressroute-scenario-parser.h"

#include "ns3/log.h"

#include <map>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioCircuitParser");

namespace
{

constexpr uint64_t kMaxVlan = 4094;        // IEEE 802.1Q
// Azure connection routingWeight (default 0, Microsoft's example 100): its valid range is not
// documented (references.md §3 marks it UNCONFIRMED); 0-32000 is a model choice.
constexpr uint32_t kMaxWeight = 32000;
constexpr uint8_t kPeeringPairLength = 29; // one /29 split into two /30s (references.md §3, RT)
constexpr uint8_t kPeeringLinkLength = 30;

/// Special-use IPv4 blocks that are not public address space (RFC 6890).
struct SpecialBlock
{
    const char* prefix;
    const char* what;
};

const SpecialBlock kSpecialBlocks[] = {
    {"10.0.0.0/8", "RFC 1918 private space"},
    {"172.16.0.0/12", "RFC 1918 private space"},
    {"192.168.0.0/16", "RFC 1918 private space"},
    {"0.0.0.0/8", "special-use space (RFC 6890)"},
    {"100.64.0.0/10", "shared address space (RFC 6598)"},
    {"127.0.0.0/8", "loopback space (RFC 6890)"},
    {"169.254.0.0/16", "link-local space (RFC 3927)"},
    {"224.0.0.0/4", "multicast space (RFC 5771)"},
    {"240.0.0.0/4", "reserved space (RFC 6890)"},
};

/// Peering subnets: one /29 split into two /30s, or two /30s (references.md §3, RT, WF).
void
ParsePeeringSubnets(const JsonObjectReader& r,
                    ScenarioParseContext& ctx,
                    PeeringSpec& p,
                    bool needPublic)
{
    const bool hasPair = r.Has("subnet");
    const bool hasLinks = r.Has("primarySubnet") || r.Has("secondarySubnet");
    std::vector<std::pair<std::string, Ipv4Prefix>> given;
    if (hasPair && hasLinks)
    {
        ctx.diag.Error(r.PathOf("subnet"),
                       "give either subnet (a /29) or primarySubnet and secondarySubnet (two "
                       "/30s), not both");
    }
    else if (hasPair)
    {
        if (auto pair = r.GetPrefix("subnet", Need::Required, kPeeringPairLength))
        {
            p.primarySubnet = Ipv4Prefix{pair->address, kPeeringLinkLength};
            p.secondarySubnet = Ipv4Prefix{pair->address + 4, kPeeringLinkLength};
            given.emplace_back(r.PathOf("subnet"), *pair);
        }
    }
    else if (hasLinks)
    {
        if (auto primary = r.GetPrefix("primarySubnet", Need::Required, kPeeringLinkLength))
        {
            p.primarySubnet = *primary;
            given.emplace_back(r.PathOf("primarySubnet"), *primary);
        }
        if (auto secondary = r.GetPrefix("secondarySubnet", Need::Required, kPeeringLinkLength))
        {
            p.secondarySubnet = *secondary;
            given.emplace_back(r.PathOf("secondarySubnet"), *secondary);
        }
    }
    else
    {
        ctx.diag.Error(r.PathOf("subnet"),
                       "required key is missing: give subnet (a /29) or primarySubnet and "
                       "secondarySubnet (two /30s)");
    }
    for (const auto& [path, prefix] : given)
    {
        const std::string why = needPublic ? NonPublicReason(prefix) : "";
        if (!why.empty())
        {
            ctx.diag.Error(path,
                           "Microsoft peering needs public addresses the customer owns (fact "
                           "sheet §3, RT): " +
                               prefix.ToString() + " is " + why);
        }
    }
}

std::optional<PeeringSpec>
ParsePeering(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(at.value,
                       at.path,
                       ctx.diag,
                       {"type",
                        "subnet",
                        "primarySubnet",
                        "secondarySubnet",
                        "vlan",
                        "peerAsn",
                        "bfd",
                        "prepend",
                        "localPreference",
                        "configured",
                        "advertisedPublicPrefixes",
                        "routeFilter"},
                       "a peering");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    PeeringSpec p;
    p.path = at.path;
    bool typeKnown = false;
    if (auto type = r.GetString("type", Need::Required))
    {
        if (*type == "AzurePublic")
        {
            ctx.diag.Error(r.PathOf("type"),
                           "AzurePublic peering is deprecated and disabled on new circuits; its "
                           "services moved to Microsoft peering: use type \"Microsoft\" (fact "
                           "sheet §5, FAQ, RT)");
        }
        else if (auto parsed = ParsePeeringType(*type))
        {
            p.type = *parsed;
            typeKnown = true;
        }
        else
        {
            ctx.diag.Error(r.PathOf("type"),
                           "unknown peering type " + Quote(*type) + " (expected one of " +
                               JoinNames(PeeringTypeNames()) + ")" +
                               DidYouMean(*type, PeeringTypeNames()));
        }
    }
    const bool microsoft = typeKnown && p.type == PeeringType::Microsoft;
    ParsePeeringSubnets(r, ctx, p, microsoft);
    p.vlan = static_cast<uint16_t>(r.GetUnsigned("vlan", Need::Required, 1, kMaxVlan).value_or(0));
    p.peerAsn = ReadAsn(r, "peerAsn", Need::Optional, ctx);
    p.bfd = r.GetBool("bfd", Need::Optional);
    p.prepend = static_cast<uint32_t>(r.GetUnsigned("prepend", Need::Optional, 0, 16).value_or(0));
    if (auto pref = r.GetUnsigned("localPreference", Need::Optional, 0, 4294967295ULL))
    {
        p.localPreference = static_cast<uint32_t>(*pref);
    }
    p.configured = r.GetBool("configured", Need::Optional).value_or(true);
    for (const char* key : {"advertisedPublicPrefixes", "routeFilter"})
    {
        if (typeKnown && !microsoft && r.Has(key))
        {
            ctx.diag.Error(r.PathOf(key), std::string(key) + " applies to Microsoft peering only");
        }
    }
    if (microsoft && r.Has("routeFilter"))
    {
        // A route filter selects Microsoft's routes by regional or service community (fact
        // sheet §4, §5, RT).
        p.routeFilter.emplace();
        for (const auto& at : r.GetArray("routeFilter", Need::Optional, false))
        {
            auto rule = ReadJsonString(at, ctx.diag);
            if (!rule)
            {
                continue;
            }
            if (auto community = ParseRouteFilterRule(*rule))
            {
                p.routeFilter->push_back(*community);
                continue;
            }
            std::vector<std::string> names = RegionsWithCommunity();
            for (const auto& s : MicrosoftServices())
            {
                names.push_back(s.name);
            }
            ctx.diag.Error(at.path,
                           "unknown route-filter rule " + Quote(*rule) +
                               ": expected an Azure region with a regional community (e.g. "
                               "\"West Europe\"), a service (" +
                               JoinNames({names.end() - 6, names.end()}) +
                               ") or a Microsoft community such as \"12076:51002\" ("
                               "https://learn.microsoft.com/azure/expressroute/"
                               "expressroute-routing)" +
                               DidYouMean(*rule, names));
        }
    }
    if (microsoft)
    {
        // Microsoft peering carries only public prefixes the customer owns; RFC 1918 prefixes
        // are refused (references.md §1 and §5, FAQ, RT).
        for (const auto& [path, prefix] :
             r.GetPrefixList("advertisedPublicPrefixes", Need::Required, true))
        {
            const std::string why = NonPublicReason(prefix);
            if (!why.empty())
            {
                ctx.diag.Error(path,
                               prefix.ToString() + " is " + why +
                                   ": Microsoft peering accepts only public prefixes the "
                                   "customer owns ("
                                   "https://learn.microsoft.com/azure/expressroute/"
                                   "expressroute-faqs)");
                continue;
            }
            p.advertisedPublicPrefixes.push_back(prefix);
        }
    }
    return p;
}

} // namespace

std::string
NonPublicReason(const Ipv4Prefix& prefix)
{
    if (prefix.length == 0)
    {
        return "the default route, not a prefix the customer owns";
    }
    for (const auto& block : kSpecialBlocks)
    {
        if (prefix.Overlaps(*Ipv4Prefix::Parse(block.prefix)))
        {
            return block.what;
        }
    }
    return "";
}

std::optional<CircuitSpec>
ParseCircuit(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(at.value,
                       at.path,
                       ctx.diag,
                       {"name",
                        "site",
                        "provider",
                        "peeringLocation",
                        "secondaryPeeringLocation",
                        "tier",
                        "bandwidth",
                        "provisioningState",
                        "peerings",
                        "vnetLinks"},
                       "a circuit");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    CircuitSpec c;
    c.path = at.path;
    c.name = r.GetName("name", Need::Required).value_or("");
    if (c.name.find('/') != std::string::npos)
    {
        ctx.diag.Error(r.PathOf("name"), "a circuit's name must not contain '/': it begins the "
                                         "failure target of its links \"<circuit>/primary\"");
    }
    c.site = r.GetName("site", Need::Required).value_or("");
    c.provider = r.GetName("provider", Need::Required).value_or("");
    ReadPeeringLocation(r, "peeringLocation", Need::Required, ctx, c.peeringLocation);
    if (r.Has("secondaryPeeringLocation"))
    {
        std::string secondary;
        ReadPeeringLocation(r, "secondaryPeeringLocation", Need::Required, ctx, secondary);
        c.secondaryPeeringLocation = secondary;
    }
    if (auto tier = r.GetChoice("tier", Need::Required, CircuitTierNames(), "circuit tier"))
    {
        c.tier = *ParseCircuitTier(*tier);
    }
    c.bandwidthBps = r.GetRate("bandwidth", Need::Required).value_or(0);
    if (auto state = r.GetChoice(
            "provisioningState", Need::Optional, ProvisioningStateNames(), "provisioning state"))
    {
        c.provisioningState = *ParseProvisioningState(*state);
    }
    std::map<PeeringType, std::string> byType;
    std::map<uint16_t, std::string> byVlan;
    for (const auto& pat : r.GetArray("peerings", Need::Optional, false))
    {
        auto p = ParsePeering(pat, ctx);
        if (!p)
        {
            continue;
        }
        if (!ctx.diag.HasErrorAt(p->path + "/type"))
        {
            auto [it, fresh] = byType.emplace(p->type, p->path);
            if (!fresh)
            {
                ctx.diag.Error(p->path + "/type",
                               "a circuit has at most one " + ToString(p->type) +
                                   " peering; the first is at " + it->second);
            }
        }
        if (p->vlan != 0)
        {
            auto [it, fresh] = byVlan.emplace(p->vlan, p->path);
            if (!fresh)
            {
                ctx.diag.Error(p->path + "/vlan",
                               "VLAN " + std::to_string(p->vlan) + " is already used by " +
                                   it->second +
                                   "; each peering of a circuit needs its own VLAN "
                                   "("
                                   "https://learn.microsoft.com/azure/expressroute/"
                                   "expressroute-workflows)");
            }
        }
        c.peerings.push_back(std::move(*p));
    }
    std::map<std::string, std::string> byVnet;
    for (const auto& lat : r.GetArray("vnetLinks", Need::Optional, false))
    {
        JsonObjectReader l(lat.value, lat.path, ctx.diag, {"vnet", "weight"}, "a VNet link");
        if (!l.IsObject())
        {
            continue;
        }
        VnetLinkSpec link;
        link.path = lat.path;
        link.vnet = l.GetName("vnet", Need::Required).value_or("");
        link.weight = l.GetU32("weight", Need::Optional, 0, kMaxWeight).value_or(0);
        if (!link.vnet.empty())
        {
            auto [it, fresh] = byVnet.emplace(link.vnet, link.path);
            if (!fresh)
            {
                ctx.diag.Error(l.PathOf("vnet"),
                               "the circuit already links VNet " + Quote(link.vnet) + " at " +
                                   it->second + "; a circuit connects to a gateway once");
            }
        }
        c.vnetLinks.push_back(std::move(link));
    }
    return c;
}

} // namespace expressroute
} // namespace ns3
