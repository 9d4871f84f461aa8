// SPDX-License-Identifier: GPL-2.0-only
// Where an import's things are: the --sites file and the sites list (inferred prefixes and
// ASNs), a circuit's peering location (an ExpressRoute Direct port's, a Metro's two), and
// site-to-site VPN (VPN gateways, IPsec connections, local network gateways) mapped to
// vpnConnections with a site per local network gateway. doc/import.md has the table.
#include "expressroute-azure-import-internal.h"
#include "expressroute-geography.h"
#include "expressroute-ipv4-prefix.h"
#include "expressroute-peering-location.h"
#include "expressroute-region.h"
#include "expressroute-scenario-json-reader.h"

#include <algorithm>
#include <cctype>

namespace ns3
{
namespace expressroute
{
namespace importer
{

using Severity = ImportMessage::Severity;

std::string
Slug(const std::string& text)
{
    std::string out;
    for (unsigned char ch : text)
    {
        if (std::isalnum(ch))
        {
            out += static_cast<char>(std::tolower(ch));
        }
        else if (!out.empty() && out.back() != '-')
        {
            out += '-';
        }
    }
    while (!out.empty() && out.back() == '-')
    {
        out.pop_back();
    }
    return out.empty() ? "x" : out;
}

void
ReportJsonErrors(const ScenarioDiagnostics& diag,
                 const std::string& source,
                 std::vector<ImportMessage>& messages)
{
    for (const auto& e : diag.SortedErrors())
    {
        if (e.line > 0)
        {
            messages.push_back({Severity::Error,
                                source + ":" + std::to_string(e.line) + ":" +
                                    std::to_string(e.column),
                                "",
                                e.message});
            continue;
        }
        // The loader's depth message goes on "; a scenario needs far fewer": not this file.
        const bool depth = e.message.rfind("nesting deeper than", 0) == 0;
        messages.push_back(
            {Severity::Error, source, e.path, depth ? e.message.substr(0, e.message.find(';'))
                                                    : e.message});
    }
}

bool
ParseInputJson(const std::string& text,
               const std::string& source,
               nlohmann::json& out,
               std::vector<ImportMessage>& messages)
{
    // The loader's parser rather than nlohmann::json::parse, whose exceptions name neither the
    // file nor the place ("[json.exception.out_of_range.406] number overflow parsing '1e400'").
    ScenarioDiagnostics diag;
    ScenarioJson doc;
    const bool parsed = ParseJsonDocument(text, doc, diag, kMaxInputDepth);
    ReportJsonErrors(diag, source, messages);
    if (!parsed || diag.HasErrors())
    {
        return false;
    }
    out = nlohmann::json(doc);
    return true;
}

std::string
SourceField(const AzureEstate& estate, const std::string& armField)
{
    if (auto it = estate.fieldNames.find(armField); it != estate.fieldNames.end())
    {
        return it->second;
    }
    if (!estate.flatProperties)
    {
        return armField;
    }
    std::string out = armField;
    for (size_t p; (p = out.find("properties.")) != std::string::npos &&
                   (p == 0 || out[p - 1] == '.' || out[p - 1] == ']');)
    {
        out.erase(p, 11);
    }
    return out;
}

namespace
{

/// The names a site lists under @p key ("circuits", "localNetworkGateways"), each checked as the
/// loader checks names; false when the key is absent.
bool
NamesOf(const JsonObjectReader& site,
        const std::string& key,
        ScenarioDiagnostics& diag,
        std::vector<std::string>& out)
{
    if (!site.Has(key))
    {
        return false;
    }
    for (const auto& at : site.GetArray(key, Need::Optional, false))
    {
        if (auto name = ReadJsonName(at, diag))
        {
            out.push_back(*name);
        }
    }
    return true;
}

} // namespace

SitesFile
ReadSitesFile(const std::string& text,
              const std::string& source,
              std::vector<ImportedSite>& sites,
              std::vector<ImportMessage>& messages)
{
    SitesFile file;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    {
        messages.push_back(
            {Severity::Error, source, "", "the file is empty: expected {\"sites\": [...]}"});
        return file;
    }
    Json doc;
    ScenarioDiagnostics diag;
    if (!ParseJsonDocument(text, doc, diag, kMaxInputDepth) || diag.HasErrors())
    {
        ReportJsonErrors(diag, source, messages);
        return file;
    }
    // The loader's checks: unknown keys (a "locaton" would leave the site at its first
    // circuit's peering location in silence) with "did you mean", types, names.
    const JsonObjectReader top(&doc, "", diag, {"sites"}, "the sites file, {\"sites\": [...]}");
    for (const auto& at : top.GetArray("sites", Need::Required, false))
    {
        const JsonObjectReader r(
            at.value,
            at.path,
            diag,
            {"name", "location", "asn", "prefixes", "circuits", "localNetworkGateways"},
            "a site");
        if (!r.IsObject())
        {
            continue;
        }
        ImportedSite spec;
        spec.origin = source + " " + at.path;
        spec.path = at.path;
        spec.name = r.GetName("name", Need::Required).value_or("");
        spec.asn = r.GetU32("asn", Need::Required, 1, 4294967295U);
        spec.location = r.GetName("location", Need::Optional).value_or("");
        if (const ScenarioJson* p = r.Get("prefixes", Need::Optional);
            p && p->is_array() && p->empty())
        {
            diag.Error(r.PathOf("prefixes"),
                       "lists no prefix: give the site's address prefixes (a site without this "
                       "file gets a free one assumed)");
        }
        else
        {
            for (const auto& [path, prefix] : r.GetPrefixList("prefixes", Need::Required, false))
            {
                spec.prefixes.push_back(prefix.ToString());
            }
        }
        std::vector<std::string> circuits;
        std::vector<std::string> gateways;
        const bool named = NamesOf(r, "circuits", diag, circuits) |
                           NamesOf(r, "localNetworkGateways", diag, gateways);
        if (!named)
        {
            diag.Error(r.PathOf("circuits"),
                       "required key is missing: give circuits or localNetworkGateways (names as "
                       "in the export) or both");
        }
        if (diag.HasErrorAt(at.path))
        {
            continue;
        }
        sites.push_back(spec);
        for (const auto& [names, map, what, key] :
             {std::tuple(&circuits, &file.byCircuit, "circuit ", "circuits"),
              std::tuple(&gateways, &file.byLocalGateway, "local network gateway ",
                         "localNetworkGateways")})
        {
            for (const auto& name : *names)
            {
                if (!map->emplace(name, sites.size() - 1).second)
                {
                    diag.Error(r.PathOf(key), what + name + " is mapped to two sites");
                }
            }
        }
    }
    ReportJsonErrors(diag, source, messages);
    return file;
}

namespace
{

/// Azure's VPN gateway SKUs (sku.name) -> the scenario's; the AZ SKUs have the same throughput.
std::optional<std::string>
VpnSku(const std::string& azure)
{
    for (int i = 1; i <= 5; ++i)
    {
        const std::string sku = "VpnGw" + std::to_string(i);
        if (azure == sku || azure == sku + "AZ")
        {
            return sku;
        }
    }
    return std::nullopt;
}

} // namespace

bool
PlaceCircuit(const AzureEstate& estate,
             Ptr<Geography> geography,
             const AzureCircuit& c,
             std::string& location,
             std::string& secondary,
             std::optional<uint64_t>& mbps,
             std::vector<std::string>& notes,
             std::vector<ImportMessage>& messages)
{
    auto fail = [&](const std::string& res, const std::string& field, const std::string& msg) {
        messages.push_back({Severity::Error, res, SourceField(estate, field), msg});
    };
    location = c.peeringLocation;
    mbps = c.bandwidthMbps;
    if (c.onPort)
    {
        auto port = std::find_if(estate.ports.begin(), estate.ports.end(), [&](const auto& p) {
            return p.name == c.port;
        });
        if (port == estate.ports.end())
        {
            fail(c.resource,
                 "properties.expressRoutePort.id",
                 "ExpressRoute Direct port " + (c.port.empty() ? c.portResource : c.port) +
                     " is not in the " + estate.noun + ": no peering location for the circuit");
            return false;
        }
        location = location.empty() ? port->peeringLocation : location;
        if (!mbps && port->bandwidthGbps)
        {
            mbps = *port->bandwidthGbps * 1000;
            notes.push_back("circuit " + c.name + " takes the bandwidth of its port " +
                            port->name + " (no bandwidthInGbps of its own)");
        }
        if (location.empty() || !mbps)
        {
            fail(port->resource,
                 location.empty() ? "properties.peeringLocation" : "properties.bandwidthInGbps",
                 "required field is missing (circuit " + c.name + " is on this port)");
            return false;
        }
    }
    else if (location.empty() || !mbps)
    {
        return false; // reported by the reader
    }
    if (geography->FindPeeringLocation(location))
    {
        return true;
    }
    // ExpressRoute Metro: "Amsterdam Metro" is a pair of locations of one city (Amsterdam,
    // Amsterdam2); the primary link at the one named for the city.
    const std::string suffix = " Metro";
    std::vector<std::string> pair;
    if (location.size() > suffix.size() &&
        location.compare(location.size() - suffix.size(), suffix.size(), suffix) == 0)
    {
        const std::string city = location.substr(0, location.size() - suffix.size());
        for (const auto& l : geography->GetPeeringLocations())
        {
            if (l->GetMetro() == city)
            {
                pair.insert(l->GetName() == city ? pair.begin() : pair.end(), l->GetName());
            }
        }
    }
    if (pair.size() >= 2)
    {
        notes.push_back("Metro circuit " + c.name + " at " + location + ": primary link at " +
                          pair[0] + ", secondary at " + pair[1]);
        location = pair[0];
        secondary = pair[1];
        return true;
    }
    fail(c.resource,
         c.onPort ? "properties.peeringLocation"
                  : "properties.serviceProviderProperties.peeringLocation",
         "unknown peering location " + location + " (not in data/peering_locations.csv" +
             (pair.size() == 1 ? ", which has one location in that metro)" : ")"));
    return false;
}

Json
EmitSites(std::vector<ImportedSite>& sites,
          const Json& vnets,
          const std::string& sitesSource,
          const std::string& noun,
          std::map<std::string, std::string>& origins,
          std::vector<std::string>& notes,
          std::vector<ImportMessage>& messages)
{
    Json siteList = Json::array();
    std::vector<Ipv4Prefix> taken;
    for (const auto& v : vnets)
    {
        for (const auto& p : v["addressSpace"])
        {
            if (auto pre = Ipv4Prefix::Parse(p.get<std::string>()))
            {
                taken.push_back(*pre);
            }
        }
    }
    for (const auto& s : sites)
    {
        for (const auto& p : s.prefixes)
        {
            if (auto pre = Ipv4Prefix::Parse(p))
            {
                taken.push_back(*pre);
            }
        }
    }
    uint32_t nextBlock = 0;
    uint64_t nextAsn = 65001;
    for (size_t i = 0; i < sites.size(); ++i)
    {
        ImportedSite& s = sites[i];
        const std::string path = "/sites/" + std::to_string(siteList.size());
        origins[path] = "site " + s.name + " (" + s.origin + ")";
        if (s.location.empty() && !s.coordinates)
        {
            messages.push_back({Severity::Warning,
                                sitesSource,
                                s.path + "/circuits",
                                "site " + s.name + " has no circuit or VPN connection in the " +
                                    noun + ": left out"});
            continue;
        }
        if (!s.prefixes.empty())
        {
            notes.push_back("site " + s.name + (s.path.empty() ? " " : " from ") + s.origin);
        }
        else
        {
            // 172.16.0.0/12 in /16s, skipping what a VNet uses.
            for (; nextBlock < 16; ++nextBlock)
            {
                const Ipv4Prefix candidate{(172u << 24) | ((16u + nextBlock) << 16), 16};
                if (std::none_of(taken.begin(), taken.end(), [&](const Ipv4Prefix& t) {
                        return t.Overlaps(candidate);
                    }))
                {
                    s.prefixes.push_back(candidate.ToString());
                    ++nextBlock;
                    break;
                }
            }
            notes.push_back("site " + s.name + " " + s.origin + ", prefixes " +
                              (s.prefixes.empty() ? std::string("none free") : s.prefixes[0]) +
                              " assumed");
        }
        if (!s.asn)
        {
            s.asn = nextAsn++;
            notes.push_back("site " + s.name + ": no peerASN or BGP ASN in the " + noun + ", ASN " +
                              std::to_string(*s.asn) + " assumed");
        }
        Json sj;
        sj["name"] = s.name;
        if (s.location.empty())
        {
            sj["coordinates"] = {{"latitude", s.coordinates->first},
                                 {"longitude", s.coordinates->second}};
        }
        else
        {
            sj["location"] = s.location;
        }
        sj["asn"] = *s.asn;
        sj["prefixes"] = s.prefixes;
        siteList.push_back(sj);
    }
    return siteList;
}

Json
MapVpnConnections(VpnContext& ctx)
{
    const AzureEstate& e = ctx.estate;
    auto report = [&](Severity sev,
                      const std::string& res,
                      const std::string& field,
                      const std::string& msg) {
        ctx.messages.push_back({sev, res, SourceField(e, field), msg});
    };
    // The VPN gateways that can be modelled: a known SKU, on a VNet of the scenario.
    std::map<std::string, std::pair<const AzureGateway*, std::string>> usable; // name -> gw, sku
    for (const auto& g : e.gateways)
    {
        if (g.gatewayType != "Vpn")
        {
            continue;
        }
        const auto sku = VpnSku(g.sku);
        const bool connected =
            std::any_of(e.connections.begin(), e.connections.end(), [&](const auto& c) {
                return c.gateway == g.name && c.connectionType == "IPsec";
            });
        if (!sku)
        {
            report(Severity::Error,
                   g.resource,
                   "properties.sku.name",
                   "VPN gateway SKU " + g.sku +
                       " is not a VPN gateway SKU the simulator models (VpnGw1-VpnGw5, "
                       "VpnGw1AZ-VpnGw5AZ; Basic cannot coexist with ExpressRoute)");
        }
        else if (!ctx.vnets.count(g.vnet))
        {
            report(Severity::Warning,
                   g.resource,
                   "properties.ipConfigurations[].properties.subnet.id",
                   "VNet " + g.vnet +
                       " has no imported ExpressRoute gateway; the simulator models a VPN gateway "
                       "only beside one: VPN gateway left out");
        }
        else if (!connected)
        {
            report(Severity::Warning,
                   g.resource,
                   "",
                   "VPN gateway with no IPsec connection in the " + e.noun);
        }
        else
        {
            usable[g.name] = {&g, *sku};
            if (*sku != g.sku)
            {
                ctx.notes.push_back("VPN gateway " + g.name + " " + g.sku + " modelled as " + *sku +
                                    " (zone redundancy not modelled)");
            }
        }
    }
    std::map<std::string, size_t> inferred; // local network gateway -> site index
    std::set<std::string> usedGateways;
    Json out = Json::array();
    for (const auto& c : e.connections)
    {
        if (c.connectionType != "IPsec")
        {
            continue;
        }
        auto known = std::find_if(e.gateways.begin(), e.gateways.end(), [&](const auto& g) {
            return g.name == c.gateway;
        });
        auto gw = usable.find(c.gateway);
        if (gw == usable.end())
        {
            std::string why = "VPN gateway " + c.gateway + " is not imported";
            if (known == e.gateways.end())
            {
                why = "VPN gateway " + c.gateway + " is not in the " + e.noun;
            }
            else if (known->gatewayType != "Vpn")
            {
                why = "gateway " + c.gateway + " is not a VPN gateway";
            }
            report(Severity::Warning,
                   c.resource,
                   "properties.virtualNetworkGateway1.id",
                   why + ": VPN connection left out");
            continue;
        }
        auto lng = std::find_if(e.localGateways.begin(), e.localGateways.end(), [&](const auto& l) {
            return l.name == c.localGateway;
        });
        if (lng == e.localGateways.end())
        {
            report(Severity::Warning,
                   c.resource,
                   "properties.localNetworkGateway2.id",
                   "local network gateway " +
                       (c.localGateway.empty() ? c.localGatewayResource : c.localGateway) +
                       " is not in the " + e.noun + ": VPN connection left out");
            continue;
        }
        usedGateways.insert(lng->name);
        size_t site;
        if (auto it = ctx.sitesFile.byLocalGateway.find(lng->name);
            it != ctx.sitesFile.byLocalGateway.end())
        {
            site = it->second;
        }
        else if (auto jt = inferred.find(lng->name); jt != inferred.end())
        {
            site = jt->second;
        }
        else
        {
            Ptr<Region> region;
            for (const auto& r : ctx.geography->GetRegions())
            {
                region = Slug(r->GetId()) == Slug(lng->location) || r->GetName() == lng->location
                             ? r
                             : region;
            }
            if (!region)
            {
                report(Severity::Error,
                       lng->resource,
                       "location",
                       "unknown Azure region " + lng->location + " (not in data/regions.csv)");
                continue;
            }
            ImportedSite s;
            s.name = "onprem-" + Slug(lng->name);
            s.coordinates = {region->GetLatitude(), region->GetLongitude()};
            s.asn = lng->bgpAsn;
            s.prefixes = lng->addressPrefixes;
            s.origin = "inferred for local network gateway " + lng->resource +
                       " (at the coordinates of its Azure region " + region->GetName() + ")";
            ctx.sites.push_back(s);
            site = ctx.sites.size() - 1;
            inferred[lng->name] = site;
        }
        ImportedSite& s = ctx.sites[site];
        if (s.location.empty() && !s.coordinates)
        {
            // A sites-file site with only local network gateways and no location.
            report(Severity::Error,
                   ctx.sitesSource,
                   s.path + "/location",
                   "site " + s.name + " has no circuit to place it: give its \"location\"");
            continue;
        }
        ctx.origins["/vpnConnections/" + std::to_string(out.size())] = c.resource;
        Json vj;
        vj["name"] = c.name;
        vj["site"] = s.name;
        vj["vnet"] = gw->second.first->vnet;
        vj["sku"] = gw->second.second;
        out.push_back(vj);
    }
    for (const auto& l : e.localGateways)
    {
        if (!usedGateways.count(l.name))
        {
            report(Severity::Warning,
                   l.resource,
                   "",
                   "local network gateway with no imported IPsec connection: left out");
        }
    }
    return out;
}

} // namespace importer
} // namespace expressroute
} // namespace ns3
