// SPDX-License-Identifier: GPL-2.0-only
// Maps an AzureEstate to a scenario (doc/import.md has the table) and checks it with the loader.
#include "expressroute-azure-import.h"

#include "expressroute-geography.h"
#include "expressroute-ipv4-prefix.h"
#include "expressroute-region.h"
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

using Json = nlohmann::ordered_json;
using Severity = ImportMessage::Severity;

/// Lower case, runs of other characters as one '-': "Equinix Amsterdam" -> "equinix-amsterdam".
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

/// One on-premises site of the scenario: from the sites file or inferred.
struct ImportedSite
{
    std::string name;
    std::string location;
    std::optional<uint64_t> asn;
    std::vector<std::string> prefixes;
    std::string origin; ///< where it came from, for the description and loader errors
    std::string path;   ///< JSON pointer in the sites file ("" when inferred)
};

/// Reads the --sites file: {"sites": [{"name", "circuits": [...], "asn", "prefixes",
/// "location"?}]}. Returns circuit name -> site index.
std::map<std::string, size_t>
ReadSitesFile(const std::string& text,
              const std::string& source,
              std::vector<ImportedSite>& sites,
              std::vector<ImportMessage>& messages)
{
    std::map<std::string, size_t> byCircuit;
    Json doc;
    try
    {
        doc = Json::parse(text);
    }
    catch (const Json::parse_error& e)
    {
        messages.push_back({Severity::Error, source, "", std::string("not JSON: ") + e.what()});
        return byCircuit;
    }
    if (!doc.is_object() || !doc.contains("sites") || !doc["sites"].is_array())
    {
        messages.push_back({Severity::Error, source, "sites", "expected {\"sites\": [...]}"});
        return byCircuit;
    }
    for (size_t i = 0; i < doc["sites"].size(); ++i)
    {
        const Json& s = doc["sites"][i];
        const std::string where = "/sites/" + std::to_string(i);
        ImportedSite spec;
        spec.origin = source + " " + where;
        spec.path = where;
        if (!s.is_object() || !s.contains("name") || !s["name"].is_string() || !s.contains("asn") ||
            !s["asn"].is_number_unsigned() || !s.contains("prefixes") ||
            !s["prefixes"].is_array() || !s.contains("circuits") || !s["circuits"].is_array())
        {
            messages.push_back({Severity::Error,
                                source,
                                where,
                                "a site needs \"name\" (string), \"asn\" (integer), \"prefixes\" "
                                "(array) and \"circuits\" (array of circuit names)"});
            continue;
        }
        spec.name = s["name"].get<std::string>();
        spec.asn = s["asn"].get<uint64_t>();
        for (const auto& p : s["prefixes"])
        {
            spec.prefixes.push_back(p.is_string() ? p.get<std::string>() : p.dump());
        }
        if (s.contains("location") && s["location"].is_string())
        {
            spec.location = s["location"].get<std::string>();
        }
        sites.push_back(spec);
        for (const auto& c : s["circuits"])
        {
            const std::string name = c.is_string() ? c.get<std::string>() : c.dump();
            if (!byCircuit.emplace(name, sites.size() - 1).second)
            {
                messages.push_back({Severity::Error,
                                    source,
                                    where + "/circuits",
                                    "circuit " + name + " is mapped to two sites"});
            }
        }
    }
    return byCircuit;
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
        auto it = m_estate.fieldNames.find(field);
        return it == m_estate.fieldNames.end() ? field : it->second;
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
        if (g.gatewayType != "ExpressRoute")
        {
            Warn(g.resource,
                 "properties.gatewayType",
                 g.gatewayType + " gateways are not imported (VPN import is not implemented): "
                                 "left out");
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
        if (!c.peeringLocation.empty() && !m_geography->FindPeeringLocation(c.peeringLocation))
        {
            Fail(c.resource,
                 "properties.serviceProviderProperties.peeringLocation",
                 "unknown peering location " + c.peeringLocation +
                     " (not in data/peering_locations.csv)");
            continue;
        }
        if (c.peeringLocation.empty() || !c.bandwidthMbps)
        {
            continue; // reported by the reader
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
                sites[site].location = c.peeringLocation;
            }
        }
        else if (auto jt = inferred.find(c.peeringLocation); jt != inferred.end())
        {
            site = jt->second;
        }
        else
        {
            ImportedSite s;
            s.name = "onprem-" + Slug(c.peeringLocation);
            s.location = c.peeringLocation;
            s.asn = asn;
            s.origin = "inferred for peering location " + c.peeringLocation + " (first circuit " +
                       c.resource + ")";
            sites.push_back(s);
            site = sites.size() - 1;
            inferred[c.peeringLocation] = site;
        }
        cj["site"] = sites[site].name;
        cj["provider"] = c.onPort ? "direct" : Slug(c.serviceProviderName);
        cj["peeringLocation"] = c.peeringLocation;
        cj["tier"] = c.tier;
        cj["bandwidth"] = RateOfMbps(*c.bandwidthMbps);
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
    std::map<std::string, size_t> byCircuit;
    if (!sitesText.empty())
    {
        byCircuit = ReadSitesFile(sitesText, sitesSource, sites, m_messages);
    }
    std::set<std::string> circuitNames;
    for (const auto& c : m_estate.circuits)
    {
        circuitNames.insert(c.name);
    }
    for (const auto& [circuit, site] : byCircuit)
    {
        if (!circuitNames.count(circuit))
        {
            Fail(sitesSource,
                 sites[site].path + "/circuits",
                 "circuit " + circuit + " is not in the " + m_estate.noun);
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
        else if (conn.connectionType != "ExpressRoute")
        {
            Warn(conn.resource,
                 "properties.connectionType",
                 conn.connectionType + " connections are not imported: left out");
        }
    }
    std::set<std::string> vnetNames;
    Json vnets = Vnets(vnetNames);
    Json circuits = Circuits(vnetNames, byCircuit, sites);

    Json doc;
    doc["name"] = name;
    doc["description"] = "";
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
        m_origins[path] = "site " + s.name + " (" + s.origin + ")";
        if (s.location.empty())
        {
            Warn(sitesSource,
                 s.path + "/circuits",
                "site " + s.name + " has no circuit in the " + m_estate.noun + ": left out");
            continue;
        }
        if (!s.prefixes.empty())
        {
            m_notes.push_back("site " + s.name + " from " + s.origin);
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
            m_notes.push_back("site " + s.name + " " + s.origin + ", prefixes " +
                              (s.prefixes.empty() ? std::string("none free") : s.prefixes[0]) +
                              " assumed");
        }
        if (!s.asn)
        {
            s.asn = nextAsn++;
            m_notes.push_back("site " + s.name + ": no peerASN in the export, ASN " +
                              std::to_string(*s.asn) + " assumed");
        }
        Json sj;
        sj["name"] = s.name;
        sj["location"] = s.location;
        sj["asn"] = *s.asn;
        sj["prefixes"] = s.prefixes;
        siteList.push_back(sj);
    }
    doc["sites"] = siteList;
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
    for (const auto& g : m_estate.globalReach)
    {
        auto key = std::minmax(g.circuit, g.peerCircuit);
        if (!circuitNames.count(g.peerCircuit))
        {
            Warn(g.resource,
                 "properties.peerExpressRouteCircuitPeering.id",
                 "circuit " + g.peerCircuit + " is not in the " + m_estate.noun +
                     ": Global Reach left out");
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
    Json probes = Json::array();
    std::set<std::string> probeNames;
    for (const auto& c : circuits)
    {
        for (const auto& l : c["vnetLinks"])
        {
            const std::string n =
                c["site"].get<std::string>() + "-to-" + l["vnet"].get<std::string>();
            if (probeNames.insert(n).second)
            {
                Json pj;
                pj["name"] = n;
                pj["site"] = c["site"];
                pj["vnet"] = l["vnet"];
                probes.push_back(pj);
            }
        }
    }
    doc["probes"] = probes;
    std::string description = "Imported from " + m_estate.source +
                              " by expressroute-import: " + std::to_string(circuits.size()) +
                              " circuits, " + std::to_string(vnets.size()) +
                              " VNets with ExpressRoute gateways";
    description += sitesText.empty() ? "; on-premises sites inferred, one per peering location"
                                     : "; on-premises sites from " + sitesSource +
                                           ", one per peering location for circuits it leaves out";
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
