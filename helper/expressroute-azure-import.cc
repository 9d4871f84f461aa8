// SPDX-License-Identifier: GPL-2.0-only
// Maps an AzureEstate to a scenario (doc/import.md has the table) and checks it with the loader.
#include "expressroute-azure-import-internal.h"

#include "expressroute-geography.h"
#include "expressroute-ipv4-prefix.h"
#include "expressroute-limits.h"
#include "expressroute-region.h"
#include "expressroute-scenario-diagnostics.h"
#include "expressroute-scenario-loader.h"

#include "ns3/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteAzureImport");

std::string
ImportMessage::ToString() const
{
    std::string out = severity == Severity::Error ? "error: " : "warning: ";
    out += resource + ": ";
    if (!field.empty())
    {
        out += field + ": ";
    }
    return out + message;
}

bool
ImportResult::HasErrors() const
{
    return std::any_of(messages.begin(), messages.end(), [](const ImportMessage& m) {
        return m.severity == ImportMessage::Severity::Error;
    });
}

namespace
{

using importer::ImportedSite;
using importer::Json;
using importer::SitesFile;
using importer::Slug;
using Severity = ImportMessage::Severity;

std::string
RateOfMbps(uint64_t mbps)
{
    return mbps % 1000 == 0 ? std::to_string(mbps / 1000) + "Gbps" : std::to_string(mbps) + "Mbps";
}

/// Azure's ExpressRoute gateway SKU names (sku.name) -> the scenario's.
std::optional<std::string>
GatewaySku(const std::string& azure)
{
    static const std::map<std::string, std::string> kSkus = {
        {"Standard", "Standard"},
        {"HighPerformance", "HighPerformance"},
        {"UltraPerformance", "UltraPerformance"},
        {"ErGw1AZ", "ErGw1Az"},
        {"ErGw2AZ", "ErGw2Az"},
        {"ErGw3AZ", "ErGw3Az"},
        {"ErGwScale", "ErGwScale"},
    };
    auto it = kSkus.find(azure);
    return it == kSkus.end() ? std::nullopt : std::optional<std::string>(it->second);
}

/// Builds the scenario document and remembers which resource each JSON path came from.
class ScenarioBuilder
{
  public:
    ScenarioBuilder(const AzureEstate& estate,
                    Ptr<Geography> geography,
                    std::vector<ImportMessage>& m)
        : m_estate(estate), m_geography(geography), m_messages(m)
    {
    }

    Json Build(const std::string& name,
               const std::string& sitesText,
               const std::string& sitesSource);

    /// The resource of the longest registered prefix of @p path.
    std::string OriginOf(const std::string& path) const
    {
        std::string best = m_estate.source;
        size_t bestLen = 0;
        for (const auto& [prefix, origin] : m_origins)
        {
            const bool match = path.compare(0, prefix.size(), prefix) == 0 &&
                               (path.size() == prefix.size() || path[prefix.size()] == '/');
            if (match && prefix.size() >= bestLen)
            {
                best = origin;
                bestLen = prefix.size();
            }
        }
        return best;
    }

  private:
    /// @p field as the source names it.
    std::string Field(const std::string& field) const
    {
        return importer::SourceField(m_estate, field);
    }
    void Warn(const std::string& res, const std::string& field, const std::string& msg)
    {
        m_messages.push_back({Severity::Warning, res, Field(field), msg});
    }
    void Fail(const std::string& res, const std::string& field, const std::string& msg)
    {
        m_messages.push_back({Severity::Error, res, Field(field), msg});
    }

    Json Vnets(std::set<std::string>& imported);
    Json Circuits(const std::set<std::string>& vnets,
                  const std::map<std::string, size_t>& byCircuit,
                  std::vector<ImportedSite>& sites);
    Json Peerings(const AzureCircuit& c, const std::string& path, std::optional<uint64_t>& asn);

    const AzureEstate& m_estate;
    Ptr<Geography> m_geography;
    std::vector<ImportMessage>& m_messages;
    std::map<std::string, std::string> m_origins;
    std::vector<std::string> m_notes; ///< what was assumed, for the description
};

Json
ScenarioBuilder::Vnets(std::set<std::string>& imported)
{
    std::map<std::string, const AzureGateway*> erGateway;
    for (const auto& g : m_estate.gateways)
    {
        if (g.gatewayType == "Vpn")
        {
            continue; // importer::MapVpnConnections
        }
        if (g.gatewayType != "ExpressRoute")
        {
            Warn(g.resource,
                 "properties.gatewayType",
                 "gateway type " + g.gatewayType + " is not imported: left out");
            continue;
        }
        bool connected = false;
        for (const auto& c : m_estate.connections)
        {
            connected = connected || (c.gateway == g.name && c.connectionType == "ExpressRoute");
        }
        if (!connected)
        {
            Warn(g.resource,
                 "",
                 "ExpressRoute gateway with no ExpressRoute connection in the export");
        }
        const bool known =
            std::any_of(m_estate.vnets.begin(), m_estate.vnets.end(), [&](const AzureVnet& v) {
                return v.name == g.vnet;
            });
        if (!g.vnet.empty() && !known)
        {
            Warn(g.resource,
                 "properties.ipConfigurations[].properties.subnet.id",
                 "VNet " + g.vnet + " is not in the " + m_estate.noun + ": gateway left out");
        }
        else if (!g.vnet.empty() && erGateway.count(g.vnet))
        {
            Warn(g.resource, "", "a second ExpressRoute gateway on VNet " + g.vnet + ": left out");
        }
        else if (!g.vnet.empty())
        {
            erGateway[g.vnet] = &g;
        }
    }
    Json vnets = Json::array();
    for (const auto& v : m_estate.vnets)
    {
        auto gw = erGateway.find(v.name);
        if (gw == erGateway.end())
        {
            Warn(v.resource,
                 "",
                 "no ExpressRoute gateway in the export: the VNet is not reachable over "
                 "ExpressRoute and is left out");
            continue;
        }
        const AzureGateway& g = *gw->second;
        Ptr<Region> region;
        const std::string id = Slug(v.location);
        for (const auto& r : m_geography->GetRegions())
        {
            if (r->GetId() == v.location || Slug(r->GetId()) == id || r->GetName() == v.location)
            {
                region = r;
            }
        }
        if (!region)
        {
            Fail(v.resource,
                 "location",
                 "unknown Azure region " + v.location + " (not in data/regions.csv)");
            continue;
        }
        const auto sku = GatewaySku(g.sku);
        if (!sku)
        {
            Fail(g.resource,
                 "properties.sku.name",
                 "gateway SKU " + g.sku +
                     " is not an ExpressRoute gateway SKU the simulator models (Standard, "
                     "HighPerformance, UltraPerformance, ErGw1AZ, ErGw2AZ, ErGw3AZ, ErGwScale)");
            continue;
        }
        const std::string path = "/vnets/" + std::to_string(vnets.size());
        m_origins[path] = v.resource;
        m_origins[path + "/gateway"] = g.resource;
        Json vj;
        vj["name"] = v.name;
        vj["region"] = region->GetName();
        vj["addressSpace"] = v.addressPrefixes;
        Json gj;
        gj["sku"] = *sku;
        bool fastPath = false;
        for (const auto& c : m_estate.connections)
        {
            fastPath = fastPath || (c.gateway == g.name && c.gatewayBypass);
        }
        if (fastPath)
        {
            gj["fastPath"] = true;
        }
        if (*sku == "ErGwScale" && g.scaleUnits)
        {
            gj["scaleUnits"] = *g.scaleUnits;
        }
        else if (*sku == "ErGwScale")
        {
            // A Terraform state has no scale units for this gateway (azurerm's
            // virtual network gateway has no such attribute); nor has an export without them.
            // With FastPath it has at least the fewest that have it.
            if (fastPath)
            {
                gj["scaleUnits"] = kErGwScaleFastPathUnits;
            }
            Warn(g.resource,
                 "autoScaleConfiguration.bounds.min",
                 std::string("ErGwScale gateway without its minimum scale units: ") +
                     (fastPath ? std::to_string(kErGwScaleFastPathUnits) +
                                     " are assumed, the fewest that have FastPath, which its "
                                     "connections use"
                               : std::string("the scenario's default (1 scale unit) is assumed")) +
                     "; set vnets[].gateway.scaleUnits to the real number");
        }
        vj["gateway"] = gj;
        vnets.push_back(vj);
        imported.insert(v.name);
    }
    return vnets;
}

Json
ScenarioBuilder::Peerings(const AzureCircuit& c,
                          const std::string& path,
                          std::optional<uint64_t>& asn)
{
    Json peerings = Json::array();
    for (const auto& p : c.peerings)
    {
        Json pj;
        if (p.peeringType == "AzurePublicPeering")
        {
            Warn(p.resource,
                 "properties.peeringType",
                 "AzurePublicPeering is deprecated (merged into Microsoft peering) and not "
                 "modelled: skipped");
            continue;
        }
        if (p.peeringType == "AzurePrivatePeering")
        {
            pj["type"] = "AzurePrivate";
        }
        else if (p.peeringType == "MicrosoftPeering")
        {
            pj["type"] = "Microsoft";
        }
        else
        {
            Fail(p.resource, "properties.peeringType", "unknown peering type " + p.peeringType);
            continue;
        }
        if (!p.vlanId)
        {
            Fail(p.resource, "properties.vlanId", "required field is missing");
            continue;
        }
        m_origins[path + "/peerings/" + std::to_string(peerings.size())] = p.resource;
        pj["primarySubnet"] = p.primaryPeerAddressPrefix;
        pj["secondarySubnet"] = p.secondaryPeerAddressPrefix;
        pj["vlan"] = *p.vlanId;
        if (p.peerAsn)
        {
            pj["peerAsn"] = *p.peerAsn;
            if (!asn)
            {
                asn = p.peerAsn;
            }
        }
        if (pj["type"] == "Microsoft")
        {
            pj["advertisedPublicPrefixes"] = p.advertisedPublicPrefixes;
            if (p.hasRouteFilter)
            {
                Warn(p.resource,
                     "properties.routeFilter",
                     "route filters are separate resources (routeFilters) not imported: the "
                     "peering receives no Microsoft routes until routeFilter is set in the "
                     "scenario");
            }
        }
        peerings.push_back(pj);
    }
    return peerings;
}

Json
ScenarioBuilder::Circuits(const std::set<std::string>& vnets,
                          const std::map<std::string, size_t>& byCircuit,
                          std::vector<ImportedSite>& sites)
{
    Json circuits = Json::array();
    std::map<std::string, size_t> inferred; // peering location -> site index
    for (const auto& c : m_estate.circuits)
    {
        if (c.tier != "Local" && c.tier != "Standard" && c.tier != "Premium")
        {
            Fail(c.resource,
                 "sku.tier",
                 "tier " + c.tier +
                     " is not an ExpressRoute tier the simulator models "
                     "(Local, Standard, Premium)");
            continue;
        }
        std::string location;
        std::string secondary;
        std::optional<uint64_t> mbps;
        if (!importer::PlaceCircuit(
                m_estate, m_geography, c, location, secondary, mbps, m_notes, m_messages))
        {
            continue;
        }
        const std::string path = "/circuits/" + std::to_string(circuits.size());
        m_origins[path] = c.resource;
        Json cj;
        cj["name"] = c.name;
        std::optional<uint64_t> asn;
        Json peerings = Peerings(c, path, asn);
        size_t site;
        if (auto it = byCircuit.find(c.name); it != byCircuit.end())
        {
            site = it->second;
            if (sites[site].location.empty())
            {
                sites[site].location = location;
            }
        }
        else if (auto jt = inferred.find(location); jt != inferred.end())
        {
            site = jt->second;
        }
        else
        {
            ImportedSite s;
            s.name = "onprem-" + Slug(location);
            s.location = location;
            s.asn = asn;
            s.origin =
                "inferred for peering location " + location + " (first circuit " + c.resource + ")";
            sites.push_back(s);
            site = sites.size() - 1;
            inferred[location] = site;
        }
        cj["site"] = sites[site].name;
        cj["provider"] = c.onPort ? "direct" : Slug(c.serviceProviderName);
        cj["peeringLocation"] = location;
        if (!secondary.empty())
        {
            cj["secondaryPeeringLocation"] = secondary;
        }
        cj["tier"] = c.tier;
        cj["bandwidth"] = RateOfMbps(*mbps);
        cj["peerings"] = peerings;
        Json links = Json::array();
        std::set<std::string> linked;
        for (const auto& conn : m_estate.connections)
        {
            if (conn.connectionType != "ExpressRoute" || conn.circuit != c.name)
            {
                continue;
            }
            std::string vnet;
            for (const auto& g : m_estate.gateways)
            {
                vnet = g.name == conn.gateway ? g.vnet : vnet;
            }
            if (!vnets.count(vnet))
            {
                Warn(conn.resource,
                     "properties.virtualNetworkGateway1.id",
                     "gateway " + conn.gateway + " (VNet " + (vnet.empty() ? "?" : vnet) +
                         ") is not imported: link left out");
                continue;
            }
            if (!linked.insert(vnet).second)
            {
                Warn(conn.resource,
                     "",
                     "a second connection of the circuit to VNet " + vnet + ": left out");
                continue;
            }
            m_origins[path + "/vnetLinks/" + std::to_string(links.size())] = conn.resource;
            Json lj;
            lj["vnet"] = vnet;
            if (conn.routingWeight && *conn.routingWeight > 0)
            {
                lj["weight"] = *conn.routingWeight;
            }
            links.push_back(lj);
        }
        cj["vnetLinks"] = links;
        circuits.push_back(cj);
    }
    return circuits;
}

Json
ScenarioBuilder::Build(const std::string& name,
                       const std::string& sitesText,
                       const std::string& sitesSource)
{
    std::vector<ImportedSite> sites;
    SitesFile sitesFile;
    if (!sitesText.empty())
    {
        sitesFile = importer::ReadSitesFile(sitesText, sitesSource, sites, m_messages);
    }
    std::set<std::string> circuitNames;
    for (const auto& c : m_estate.circuits)
    {
        circuitNames.insert(c.name);
    }
    for (const auto& [circuit, site] : sitesFile.byCircuit)
    {
        if (!circuitNames.count(circuit))
        {
            Fail(sitesSource,
                 sites[site].path + "/circuits",
                 "circuit " + circuit + " is not in the " + m_estate.noun);
        }
    }
    for (const auto& [gateway, site] : sitesFile.byLocalGateway)
    {
        if (std::none_of(m_estate.localGateways.begin(),
                         m_estate.localGateways.end(),
                         [&](const auto& l) { return l.name == gateway; }))
        {
            Fail(sitesSource,
                 sites[site].path + "/localNetworkGateways",
                 "local network gateway " + gateway + " is not in the " + m_estate.noun);
        }
    }
    for (const auto& conn : m_estate.connections)
    {
        if (conn.connectionType == "ExpressRoute" && !circuitNames.count(conn.circuit))
        {
            Warn(conn.resource,
                 "properties.peer.id",
                 "circuit " + (conn.circuit.empty() ? conn.circuitResource : conn.circuit) +
                     " is not in the " + m_estate.noun + ": link left out");
        }
        else if (conn.connectionType != "ExpressRoute" && conn.connectionType != "IPsec")
        {
            Warn(conn.resource,
                 "properties.connectionType",
                 conn.connectionType + " connections are not imported: left out");
        }
    }
    std::set<std::string> vnetNames;
    Json vnets = Vnets(vnetNames);
    Json circuits = Circuits(vnetNames, sitesFile.byCircuit, sites);
    importer::VpnContext vpn{m_estate,
                             m_geography,
                             vnetNames,
                             sitesFile,
                             sitesSource,
                             sites,
                             m_origins,
                             m_notes,
                             m_messages};
    Json vpnConnections = importer::MapVpnConnections(vpn);

    Json doc;
    doc["name"] = name;
    doc["description"] = "";
    doc["sites"] = importer::EmitSites(sites,
                                       vnets,
                                       sitesSource,
                                       m_estate.noun,
                                       m_origins,
                                       m_notes,
                                       m_messages);
    std::set<std::string> providerNames;
    Json providers = Json::array();
    for (const auto& c : circuits)
    {
        const std::string p = c["provider"].get<std::string>();
        if (providerNames.insert(p).second)
        {
            Json pj;
            pj["name"] = p;
            pj["kind"] = p == "direct" ? "Direct" : "CloudExchange";
            pj["layer"] = "Layer2";
            providers.push_back(pj);
        }
    }
    if (providerNames.size() > providerNames.count("direct"))
    {
        m_notes.push_back("providers' connectivity model assumed CloudExchange, Layer2 (Azure does "
                          "not record it)");
    }
    doc["providers"] = providers;
    doc["circuits"] = circuits;
    doc["vnets"] = vnets;
    Json reach = Json::array();
    std::set<std::pair<std::string, std::string>> pairs;
    // An id that names no circuit is said as written (it read "circuit  is not in the state").
    const auto notIn = [this](const std::string& circuit, const std::string& id) {
        return (circuit.empty() ? Quote(id) +
                                      " is not the id of an ExpressRoute circuit peering "
                                      "(.../expressRouteCircuits/CIRCUIT/peerings/PEERING)"
                                : "circuit " + circuit + " is not in the " + m_estate.noun) +
               ": Global Reach left out";
    };
    for (const auto& g : m_estate.globalReach)
    {
        auto key = std::minmax(g.circuit, g.peerCircuit);
        if (!g.circuitResource.empty() && !circuitNames.count(g.circuit))
        {
            Warn(g.resource, "peering_id", notIn(g.circuit, g.circuitResource));
            continue;
        }
        if (!circuitNames.count(g.peerCircuit))
        {
            Warn(g.resource,
                 "properties.peerExpressRouteCircuitPeering.id",
                 notIn(g.peerCircuit, g.peerResource));
            continue;
        }
        if (!pairs.insert(key).second)
        {
            continue; // the same pair, configured from the other circuit
        }
        m_origins["/globalReach/" + std::to_string(reach.size())] = g.resource;
        Json gj;
        gj["name"] = g.name;
        gj["circuits"] = {g.circuit, g.peerCircuit};
        gj["subnet"] = g.addressPrefix;
        reach.push_back(gj);
    }
    if (!reach.empty())
    {
        doc["globalReach"] = reach;
    }
    if (!vpnConnections.empty())
    {
        doc["vpnConnections"] = vpnConnections;
    }
    Json probes = Json::array();
    std::set<std::string> probeNames;
    auto addProbe = [&](const Json& site, const Json& vnet) {
        const std::string n = site.get<std::string>() + "-to-" + vnet.get<std::string>();
        if (probeNames.insert(n).second)
        {
            probes.push_back({{"name", n}, {"site", site}, {"vnet", vnet}});
        }
    };
    for (const auto& c : circuits)
    {
        for (const auto& l : c["vnetLinks"])
        {
            addProbe(c["site"], l["vnet"]);
        }
    }
    for (const auto& v : vpnConnections)
    {
        addProbe(v["site"], v["vnet"]);
    }
    doc["probes"] = probes;
    std::string description = "Imported from " + m_estate.source +
                              " by expressroute-import: " + std::to_string(circuits.size()) +
                              " circuits, " + std::to_string(vnets.size()) +
                              " VNets with ExpressRoute gateways, " +
                              std::to_string(vpnConnections.size()) + " VPN connections";
    description += sitesText.empty()
                       ? "; on-premises sites inferred, one per peering location (and one per "
                         "local network gateway)"
                       : "; on-premises sites from " + sitesSource +
                             ", one per peering location (or local network gateway) it leaves out";
    for (const auto& n : m_notes)
    {
        description += "; " + n;
    }
    description += "; one probe per site-VNet pair added (connection monitor, 1 s).";
    doc["description"] = description;
    return doc;
}

} // namespace

ImportResult
BuildScenarioFromEstate(const AzureEstate& estate,
                        const std::string& scenarioName,
                        const std::string& sitesText,
                        const std::string& sitesSource,
                        Ptr<Geography> geography,
                        std::vector<ImportMessage> messages)
{
    ImportResult result;
    ScenarioBuilder builder(estate, geography, messages);
    const Json doc = builder.Build(scenarioName, sitesText, sitesSource);
    result.messages = std::move(messages);
    if (result.HasErrors())
    {
        return result;
    }
    const std::string text = doc.dump(2) + "\n";
    try
    {
        LoadScenarioString(text, "imported scenario", geography);
    }
    catch (const ScenarioLoadError& e)
    {
        for (const auto& err : e.GetErrors())
        {
            result.messages.push_back({Severity::Error,
                                       builder.OriginOf(err.path),
                                       "",
                                       "the loader refuses " + err.path + ": " + err.message});
        }
        return result;
    }
    result.scenarioJson = text;
    return result;
}

} // namespace expressroute
} // namespace ns3
