// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-communities.h"
#include "expressroute-scenario-parser.h"

#include "expressroute-geography.h"
#include "expressroute-geography-reader.h"
#include "expressroute-scenario-json-reader.h"
#include "expressroute-scenario-loader.h"

#include "ns3/log.h"

#include <nlohmann/json.hpp>

#include <map>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteScenarioParser");

namespace
{

constexpr uint32_t kMaxAsn = 4294967295U;  // 32-bit ASNs (RFC 6793; references.md §3, RT)
constexpr uint32_t kMaxHosts = 64;
constexpr uint32_t kMaxCeRouters = 2;   // one per link of the redundant pair
constexpr uint32_t kMaxScaleUnits = 40; // ErGwScale (references.md §6, GW)
constexpr uint32_t kMinPacketSize = 64;
constexpr uint32_t kMaxPacketSize = 1472; // 1500-byte IP MTU minus IPv4 and UDP headers
constexpr uint8_t kGlobalReachLength = 29;

void
ParseSimulation(const JsonObjectReader& top, ScenarioParseContext& ctx, SimulationSpec& sim)
{
    JsonObjectReader r(top.Get("simulation", Need::Optional),
                       top.PathOf("simulation"),
                       ctx.diag,
                       {"duration", "seed", "run", "linkMetricsInterval", "infrastructurePrefix", "engine",
                        "probeRows"},
                       "simulation settings");
    sim.duration = r.GetDuration("duration", Need::Optional, true);
    sim.seed = r.GetU32("seed", Need::Optional, 1, kMaxRngSeed);
    sim.run = r.GetUnsigned("run", Need::Optional, 1, UINT64_MAX); // as expressroute-sim --run
    sim.linkMetricsInterval = r.GetDuration("linkMetricsInterval", Need::Optional, true);
    if (sim.linkMetricsInterval && *sim.linkMetricsInterval < kMinLinkMetricsInterval)
    {
        ctx.diag.Error(r.PathOf("linkMetricsInterval"),
                       "must be at least " + FormatDuration(kMinLinkMetricsInterval) +
                           ", got " + FormatDuration(*sim.linkMetricsInterval) +
                           ": links.csv gets a row per link and interval, and a queue's or "
                           "rate's sample over less than a millisecond says nothing (one 1500-"
                           "byte packet takes 12us at 1Gbps)");
        sim.linkMetricsInterval.reset();
    }
    sim.infrastructurePrefix = r.GetPrefix("infrastructurePrefix", Need::Optional);
    sim.engine = r.GetChoice("engine", Need::Optional, {"packet", "flow"}, "data-plane engine");
    sim.probeRows = r.GetChoice("probeRows", Need::Optional, {"each", "runs"}, "probes.csv rows");
}

std::optional<SiteSpec>
ParseSite(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(at.value,
                       at.path,
                       ctx.diag,
                       {"name", "location", "coordinates", "asn", "prefixes", "hosts", "ceRouters"},
                       "a site");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    SiteSpec s;
    s.path = at.path;
    s.name = r.GetName("name", Need::Required).value_or("");
    if (s.name.find('/') != std::string::npos)
    {
        ctx.diag.Error(r.PathOf("name"), "a site's name must not contain '/': it begins the "
                                         "failure target of its CE routers \"<site>/ce1\"");
    }
    const bool hasLocation = r.Has("location");
    const bool hasCoordinates = r.Has("coordinates");
    if (hasLocation && hasCoordinates)
    {
        ctx.diag.Error(r.PathOf("coordinates"),
                       "give either location (a peering location) or coordinates, not both");
    }
    else if (!hasLocation && !hasCoordinates)
    {
        ctx.diag.Error(r.PathOf("location"),
                       "required key is missing: give location (a peering location) or "
                       "coordinates {latitude, longitude}");
    }
    if (hasLocation)
    {
        std::string name;
        if (auto loc = ReadPeeringLocation(r, "location", Need::Required, ctx, name))
        {
            s.nearPeeringLocation = loc->GetName();
            s.latitude = loc->GetLatitude();
            s.longitude = loc->GetLongitude();
        }
    }
    if (hasCoordinates)
    {
        JsonObjectReader c(r.Get("coordinates", Need::Required),
                           r.PathOf("coordinates"),
                           ctx.diag,
                           {"latitude", "longitude"},
                           "coordinates");
        s.latitude = c.GetNumber("latitude", Need::Required, -90, 90).value_or(0);
        s.longitude = c.GetNumber("longitude", Need::Required, -180, 180).value_or(0);
    }
    s.asn = ReadAsn(r, "asn", Need::Required, ctx).value_or(0);
    for (const auto& [path, prefix] : r.GetPrefixList("prefixes", Need::Required, true))
    {
        s.prefixes.push_back(prefix);
    }
    s.hosts = r.GetU32("hosts", Need::Optional, 1, kMaxHosts);
    s.ceRouters = r.GetU32("ceRouters", Need::Optional, 1, kMaxCeRouters);
    return s;
}

std::optional<ProviderSpec>
ParseProvider(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(at.value, at.path, ctx.diag, {"name", "kind", "layer"}, "a provider");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    ProviderSpec p;
    p.path = at.path;
    p.name = r.GetName("name", Need::Required).value_or("");
    if (auto kind = r.GetChoice("kind", Need::Required, ProviderKindNames(), "provider kind"))
    {
        p.kind = *ParseProviderKind(*kind);
    }
    // An any-to-any IPVPN is managed L3 (the provider's PE peers with the MSEEs); the other
    // models default to L2, where the customer runs BGP (references.md §4, CM, WF).
    p.layer = p.kind == ProviderKind::AnyToAnyIpvpn ? ProviderLayer::Layer3 : ProviderLayer::Layer2;
    if (auto layer = r.GetChoice("layer", Need::Optional, ProviderLayerNames(), "provider layer"))
    {
        p.layer = *ParseProviderLayer(*layer);
        if (p.kind == ProviderKind::Direct && p.layer != ProviderLayer::Layer2)
        {
            ctx.diag.Error(r.PathOf("layer"),
                           "ExpressRoute Direct is Layer2: the customer runs BGP with the MSEEs "
                           "("
                           "https://learn.microsoft.com/azure/expressroute/"
                           "expressroute-connectivity-models)");
        }
    }
    return p;
}

std::optional<VnetSpec>
ParseVnet(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(at.value,
                       at.path,
                       ctx.diag,
                       {"name", "region", "addressSpace", "gateway", "hosts"},
                       "a VNet");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    VnetSpec v;
    v.path = at.path;
    v.name = r.GetName("name", Need::Required).value_or("");
    if (auto region = r.GetString("region", Need::Required))
    {
        v.region = *region;
        if (auto found = LookupRegion(ctx.geo, *region))
        {
            v.region = found->GetName(); // "eastus2" is "East US 2"
        }
        else
        {
            ctx.diag.Error(r.PathOf("region"),
                           "unknown region " + Quote(*region) + SuggestRegion(ctx.geo, *region));
        }
    }
    for (const auto& [path, prefix] : r.GetPrefixList("addressSpace", Need::Required, true))
    {
        v.addressSpace.push_back(prefix);
    }
    JsonObjectReader g(r.Get("gateway", Need::Required),
                       r.PathOf("gateway"),
                       ctx.diag,
                       {"sku", "fastPath", "scaleUnits"},
                       "an ExpressRoute gateway");
    const auto sku = g.GetChoice("sku", Need::Required, ErGatewaySkuNames(), "gateway SKU");
    if (sku)
    {
        v.gateway.sku = *ParseErGatewaySku(*sku);
    }
    v.gateway.scaleUnits = g.GetU32("scaleUnits", Need::Optional, 1, kMaxScaleUnits);
    if (sku && v.gateway.scaleUnits && v.gateway.sku != ErGatewaySku::ErGwScale)
    {
        ctx.diag.Error(g.PathOf("scaleUnits"),
                       "scaleUnits applies to the ErGwScale gateway only, not " + *sku);
    }
    v.gateway.fastPath = g.GetBool("fastPath", Need::Optional);
    const uint32_t units = v.gateway.scaleUnits.value_or(1);
    if (sku && v.gateway.fastPath.value_or(false) &&
        !GetErGatewaySkuInfo(v.gateway.sku, units).fastPath)
    {
        std::vector<std::string> with;
        for (const auto& name : ErGatewaySkuNames())
        {
            const auto other = *ParseErGatewaySku(name);
            if (other != ErGatewaySku::ErGwScale && GetErGatewaySkuInfo(other).fastPath)
            {
                with.push_back(name);
            }
        }
        with.push_back("ErGwScale with " + std::to_string(kErGwScaleFastPathUnits) +
                       " or more scaleUnits");
        ctx.diag.Error(g.PathOf("fastPath"),
                       "FastPath is not available on the " + *sku + " gateway" +
                           (v.gateway.sku == ErGatewaySku::ErGwScale
                                ? " with " + std::to_string(units) + " scale unit" +
                                      (units == 1 ? "" : "s")
                                : std::string()) +
                           "; only on " + JoinNames(with) +
                           " (https://learn.microsoft.com/azure/expressroute/about-fastpath, "
                           "https://learn.microsoft.com/azure/expressroute/scalable-gateway)");
    }
    v.hosts = r.GetU32("hosts", Need::Optional, 1, kMaxHosts);
    return v;
}

std::optional<GlobalReachSpec>
ParseGlobalReach(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(
        at.value, at.path, ctx.diag, {"name", "circuits", "subnet"}, "a Global Reach connection");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    GlobalReachSpec g;
    g.path = at.path;
    g.name = r.GetName("name", Need::Required).value_or("");
    const auto circuits = r.GetArray("circuits", Need::Required, false);
    if (r.Has("circuits") && r.Get("circuits", Need::Required)->is_array() && circuits.size() != 2)
    {
        ctx.diag.Error(r.PathOf("circuits"),
                       "expected exactly two circuit names, got " +
                           std::to_string(circuits.size()));
    }
    else if (circuits.size() == 2)
    {
        g.circuitA = ReadJsonName(circuits[0], ctx.diag).value_or("");
        g.circuitB = ReadJsonName(circuits[1], ctx.diag).value_or("");
        if (!g.circuitA.empty() && g.circuitA == g.circuitB)
        {
            ctx.diag.Error(circuits[1].path,
                           "Global Reach links two different circuits; both are " +
                               Quote(g.circuitA));
        }
    }
    g.subnet = r.GetPrefix("subnet", Need::Required, kGlobalReachLength).value_or(Ipv4Prefix{});
    return g;
}

std::optional<VpnConnectionSpec>
ParseVpnConnection(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(
        at.value, at.path, ctx.diag, {"name", "site", "vnet", "sku"}, "a VPN connection");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    VpnConnectionSpec v;
    v.path = at.path;
    v.name = r.GetName("name", Need::Required).value_or("");
    v.site = r.GetName("site", Need::Required).value_or("");
    v.vnet = r.GetName("vnet", Need::Required).value_or("");
    if (auto sku = r.GetChoice("sku", Need::Required, VpnGatewaySkuNames(), "VPN gateway SKU"))
    {
        v.sku = *ParseVpnGatewaySku(*sku);
        if (v.sku == VpnGatewaySku::Basic)
        {
            // Every VNet has an ExpressRoute gateway; coexistence needs a route-based VPN
            // gateway and is not supported on Basic (references.md §7, COEX).
            ctx.diag.Error(r.PathOf("sku"),
                           "a Basic VPN gateway cannot coexist with an ExpressRoute gateway "
                           "("
                           "https://learn.microsoft.com/azure/expressroute/"
                           "expressroute-howto-coexist-resource-manager); use VpnGw1 or larger");
        }
    }
    return v;
}

std::optional<ProbeSpec>
ParseProbe(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(
        at.value, at.path, ctx.diag, {"name", "site", "vnet", "service", "interval", "protocol"},
        "a probe");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    ProbeSpec p;
    p.path = at.path;
    p.name = r.GetName("name", Need::Required).value_or("");
    p.site = r.GetName("site", Need::Required).value_or("");
    if (r.Has("service"))
    {
        // Microsoft peering: a region whose services carry a regional community (§4).
        p.service = r.GetString("service", Need::Required).value_or("");
        if (r.Has("vnet"))
        {
            ctx.diag.Error(r.PathOf("service"), "give a vnet or a service, not both");
        }
        else if (!RegionalCommunity(p.service))
        {
            ctx.diag.Error(r.PathOf("service"),
                           "no regional community for " + Quote(p.service) +
                               ": Microsoft peering's services are modelled for the regions "
                               "of Microsoft's regional community table ("
                               "https://learn.microsoft.com/azure/expressroute/"
                               "expressroute-routing)" +
                               DidYouMean(p.service, RegionsWithCommunity()));
        }
        p.vnet = "microsoft/" + p.service;
    }
    else
    {
        p.vnet = r.GetName("vnet", Need::Required).value_or("");
    }
    p.interval = r.GetDuration("interval", Need::Optional, true);
    if (p.interval && *p.interval < kMinProbeInterval)
    {
        ctx.diag.Error(r.PathOf("interval"),
                       "must be at least " + FormatDuration(kMinProbeInterval) +
                           " (the probe sender's shortest interval), got " +
                           FormatDuration(*p.interval));
        p.interval.reset();
    }
    p.protocol = r.GetChoice("protocol", Need::Optional, {"Udp", "Tcp"}, "probe protocol");
    return p;
}

std::optional<TrafficSpec>
ParseTraffic(const JsonAt& at, ScenarioParseContext& ctx)
{
    JsonObjectReader r(
        at.value,
        at.path,
        ctx.diag,
        {"name", "from", "to", "kind", "rate", "packetSize", "bytes", "start", "stop", "diurnal",
         "file", "requestsPerSecond", "requestBytes", "responseBytes"},
        "a traffic flow");
    if (!r.IsObject())
    {
        return std::nullopt;
    }
    TrafficSpec t;
    t.path = at.path;
    t.name = r.GetName("name", Need::Required).value_or("");
    const std::vector<std::string> kinds{"ConstantRate", "Bulk", "FlowList", "RequestResponse"};
    const auto kind = r.GetChoice("kind", Need::Required, kinds, "traffic kind");
    if (kind && *kind == "FlowList")
    {
        // A flow list names its endpoints per row: only the file is read here.
        for (const char* key : {"from", "to", "rate", "packetSize", "bytes", "start", "stop",
                                "diurnal"})
        {
            if (r.Has(key))
            {
                ctx.diag.Error(r.PathOf(key),
                               std::string(key) + " does not apply to a FlowList: each row of "
                                                  "its file gives start, source, destination, "
                                                  "bytes and protocol");
            }
        }
        t.flowListFile = r.GetString("file", Need::Required).value_or("");
        if (t.flowListFile.empty() && r.Has("file") && !ctx.diag.HasErrorAt(r.PathOf("file")))
        {
            ctx.diag.Error(r.PathOf("file"),
                           "must name the flow list's CSV file (relative to the scenario's "
                           "directory)");
        }
        return t;
    }
    if (r.Has("file"))
    {
        ctx.diag.Error(r.PathOf("file"), "file applies to FlowList traffic only");
    }
    t.from = r.GetName("from", Need::Required).value_or("");
    t.to = r.GetName("to", Need::Required).value_or("");
    if (kind && *kind == "RequestResponse")
    {
        t.kind = TrafficKind::RequestResponse;
        for (const char* key : {"rate", "packetSize", "bytes", "diurnal"})
        {
            if (r.Has(key))
            {
                ctx.diag.Error(r.PathOf(key),
                               std::string(key) + " does not apply to RequestResponse traffic "
                                                  "(requestsPerSecond, requestBytes, "
                                                  "responseBytes)");
            }
        }
        t.requestsPerSecond = r.GetNumber("requestsPerSecond", Need::Required, 0.001, 100000).value_or(1);
        for (const auto& [key, size] : {std::pair<const char*, SizeSpec*>{"requestBytes", &t.requestBytes},
                                        std::pair<const char*, SizeSpec*>{"responseBytes", &t.responseBytes}})
        {
            const ScenarioJson* v = r.Get(key, Need::Required);
            if (v == nullptr)
            {
                continue;
            }
            if (v->is_number_unsigned() && v->get<uint64_t>() >= 1 && v->get<uint64_t>() <= 100000000)
            {
                size->min = size->max = static_cast<uint32_t>(v->get<uint64_t>());
                continue;
            }
            JsonObjectReader sr(v, r.PathOf(key), ctx.diag, {"min", "max", "mean"}, "a size");
            if (!sr.IsObject())
            {
                continue;
            }
            size->min = sr.GetU32("min", Need::Optional, 1, 100000000).value_or(1);
            size->max = sr.GetU32("max", Need::Optional, 1, 100000000).value_or(100000000);
            size->mean = sr.GetNumber("mean", Need::Optional, 1, 1e8).value_or(0);
            if (size->mean == 0 && !sr.Has("max"))
            {
                ctx.diag.Error(r.PathOf(key), "give a number of bytes, {\"min\", \"max\"} "
                                              "(uniform) or {\"mean\"} (exponential)");
            }
            if (size->min > size->max)
            {
                ctx.diag.Error(r.PathOf(key), "min is above max");
            }
        }
        t.start = r.GetDuration("start", Need::Optional, false).value_or(Time(0));
        t.stop = r.GetDuration("stop", Need::Optional, true);
        return t;
    }
    for (const char* key : {"requestsPerSecond", "requestBytes", "responseBytes"})
    {
        if (kind && r.Has(key))
        {
            ctx.diag.Error(r.PathOf(key), std::string(key) + " applies to RequestResponse traffic only");
        }
    }
    t.kind = kind && *kind == "Bulk" ? TrafficKind::Bulk : TrafficKind::ConstantRate;
    if (kind && t.kind == TrafficKind::Bulk)
    {
        for (const char* key : {"rate", "packetSize", "diurnal"})
        {
            if (r.Has(key))
            {
                ctx.diag.Error(r.PathOf(key),
                               std::string(key) +
                                   " applies to ConstantRate (UDP) traffic only; Bulk traffic is "
                                   "a TCP transfer that runs as fast as the path allows");
            }
        }
        t.bytes = r.GetUnsigned("bytes", Need::Optional, 1, UINT64_MAX);
    }
    else if (kind)
    {
        if (r.Has("bytes"))
        {
            ctx.diag.Error(r.PathOf("bytes"),
                           "bytes applies to Bulk traffic only; ConstantRate traffic runs until "
                           "stop");
        }
        t.rateBps = r.GetRate("rate", Need::Required);
        if (t.rateBps && *t.rateBps > kMaxTrafficRateBps)
        {
            ctx.diag.Error(r.PathOf("rate"),
                           "must be at most 400Gbps (the fastest Ethernet port), got " +
                               FormatBandwidth(*t.rateBps));
        }
        t.packetSize = r.GetU32("packetSize", Need::Optional, kMinPacketSize, kMaxPacketSize);
        if (const ScenarioJson* d = r.Get("diurnal", Need::Optional))
        {
            JsonObjectReader dr(d, r.PathOf("diurnal"), ctx.diag, {"period", "peak", "minimum"},
                                "a diurnal profile");
            if (dr.IsObject())
            {
                DiurnalProfile p;
                p.period = dr.GetDuration("period", Need::Required, true).value_or(Seconds(86400));
                if (p.period < kMinDiurnalPeriod &&
                    !ctx.diag.HasErrorAt(dr.PathOf("period")))
                {
                    ctx.diag.Error(dr.PathOf("period"),
                                   "must be at least " + FormatDuration(kMinDiurnalPeriod) +
                                       " (the rate changes 96 times a period), got " +
                                       FormatDuration(p.period));
                }
                p.peak = dr.GetDuration("peak", Need::Optional, false).value_or(Time(0));
                p.minimum = dr.GetNumber("minimum", Need::Optional, 0.01, 1.0).value_or(0.2);
                t.diurnal = p;
            }
        }
    }
    else if (kind && r.Has("diurnal"))
    {
        ctx.diag.Error(r.PathOf("diurnal"), "diurnal applies to ConstantRate traffic only");
    }
    t.start = r.GetDuration("start", Need::Optional, false).value_or(Time(0));
    t.stop = r.GetDuration("stop", Need::Optional, true);
    if (t.stop && *t.stop <= t.start && !ctx.diag.HasErrorAt(r.PathOf("start")))
    {
        ctx.diag.Error(r.PathOf("stop"),
                       "stop (" + FormatDuration(*t.stop) + ") must be after start (" +
                           FormatDuration(t.start) + ")");
    }
    return t;
}

/// Parses every element of a top-level list with @p parse.
template <typename Spec, typename Parse>
std::vector<Spec>
ParseList(const JsonObjectReader& top,
          const std::string& key,
          Need need,
          ScenarioParseContext& ctx,
          Parse parse)
{
    std::vector<Spec> out;
    const bool required = need == Need::Required;
    for (const auto& at : top.GetArray(key, need, required))
    {
        if (auto spec = parse(at, ctx))
        {
            out.push_back(std::move(*spec));
        }
    }
    return out;
}

} // namespace

Ptr<PeeringLocation>
ReadPeeringLocation(const JsonObjectReader& r,
                    const std::string& key,
                    Need need,
                    ScenarioParseContext& ctx,
                    std::string& name)
{
    auto s = r.GetString(key, need);
    if (!s)
    {
        return nullptr;
    }
    name = *s;
    Ptr<PeeringLocation> loc = ctx.geo.FindPeeringLocation(*s);
    if (!loc)
    {
        ctx.diag.Error(r.PathOf(key),
                       "unknown peering location " + Quote(*s) +
                           SuggestPeeringLocation(ctx.geo, *s));
    }
    return loc;
}

std::optional<uint32_t>
ReadAsn(const JsonObjectReader& r, const std::string& key, Need need, ScenarioParseContext& ctx)
{
    auto asn = r.GetU32(key, need, 1, kMaxAsn);
    if (asn && IsReservedAsn(*asn))
    {
        ctx.diag.Error(r.PathOf(key),
                       "ASN " + std::to_string(*asn) + " is reserved by Microsoft (" +
                           std::to_string(kMicrosoftAsn) +
                           " and 65515-65520, "
                           "https://learn.microsoft.com/azure/expressroute/"
                           "expressroute-routing); use another ASN, e.g. 65001");
        return std::nullopt;
    }
    return asn;
}

std::optional<Scenario>
ParseScenario(const std::string& text, const Geography& geography, ScenarioDiagnostics& diag)
{
    NS_LOG_FUNCTION(text.size());
    Scenario s;
    ScenarioJson doc;
    if (!ParseJsonDocument(text, doc, diag))
    {
        return std::nullopt;
    }
    ScenarioParseContext ctx{geography, diag};
    JsonObjectReader top(&doc,
                         "",
                         diag,
                         {"$schema",
                          "name",
                          "description",
                          "simulation",
                          "sites",
                          "providers",
                          "circuits",
                          "vnets",
                          "globalReach",
                          "vpnConnections",
                          "siteLinks",
                          "probes",
                          "traffic",
                          "failures",
                          "timeline"},
                         "a scenario");
    if (!top.IsObject())
    {
        return std::nullopt;
    }
    top.GetString("$schema", Need::Optional); // editors' schema reference; only its type matters
    s.name = top.GetName("name", Need::Required).value_or("");
    if (!s.name.empty() && (s.name.find('/') != std::string::npos || s.name[0] == '.'))
    {
        // The name makes the default run directory runs/<name>-seed<S>-run<R>.
        diag.Error("/name",
                   "must not contain '/' or start with '.': it names the default run "
                   "directory runs/<name>-seed<S>-run<R>, which must stay inside runs/; got " +
                       Quote(s.name));
    }
    s.description = top.GetString("description", Need::Optional).value_or("");
    ParseSimulation(top, ctx, s.simulation);
    s.sites = ParseList<SiteSpec>(top, "sites", Need::Required, ctx, ParseSite);
    s.providers = ParseList<ProviderSpec>(top, "providers", Need::Optional, ctx, ParseProvider);
    s.circuits = ParseList<CircuitSpec>(top, "circuits", Need::Required, ctx, ParseCircuit);
    s.vnets = ParseList<VnetSpec>(top, "vnets", Need::Required, ctx, ParseVnet);
    s.globalReach =
        ParseList<GlobalReachSpec>(top, "globalReach", Need::Optional, ctx, ParseGlobalReach);
    s.vpnConnections = ParseList<VpnConnectionSpec>(
        top, "vpnConnections", Need::Optional, ctx, ParseVpnConnection);
    s.siteLinks = ParseList<SiteLinkSpec>(top, "siteLinks", Need::Optional, ctx, ParseSiteLink);
    s.probes = ParseList<ProbeSpec>(top, "probes", Need::Optional, ctx, ParseProbe);
    s.traffic = ParseList<TrafficSpec>(top, "traffic", Need::Optional, ctx, ParseTraffic);
    for (auto it = s.traffic.begin(); it != s.traffic.end();)
    {
        if (it->flowListFile.empty() && !ctx.diag.HasErrorAt(it->path + "/file"))
        {
            ++it;
            continue;
        }
        s.flowLists.push_back({it->path, it->name, it->flowListFile});
        it = s.traffic.erase(it);
    }
    s.failures = ParseList<FailureSpec>(top, "failures", Need::Optional, ctx, ParseFailure);
    // "timeline" takes the same entries (failures and provisioning steps): a name for the
    // steps that are not failures.
    for (auto& f : ParseList<FailureSpec>(top, "timeline", Need::Optional, ctx, ParseFailure))
    {
        s.failures.push_back(std::move(f));
    }
    return s;
}

} // namespace expressroute
} // namespace ns3
