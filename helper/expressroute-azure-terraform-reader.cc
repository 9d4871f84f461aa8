// SPDX-License-Identifier: GPL-2.0-only
// Reads a `terraform show -json` state into an AzureEstate. Attribute names follow the azurerm
// provider's resource documentation (azurerm_express_route_circuit, ..._circuit_peering,
// ..._circuit_connection, azurerm_virtual_network_gateway, ..._gateway_connection,
// azurerm_virtual_network); doc/import.md has the table.
#include "expressroute-azure-import-internal.h"

#include "ns3/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteAzureTerraformReader");

namespace
{

using Json = nlohmann::json;

/// The name following "/SEGMENT/" in an Azure id ("" when absent).
std::string
NameIn(const std::string& id, const std::string& segment)
{
    const std::string key = "/" + segment + "/";
    const auto p = id.find(key);
    if (p == std::string::npos)
    {
        return "";
    }
    const auto start = p + key.size();
    const auto end = id.find('/', start);
    return id.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// Typed access to one resource's `values`, errors naming the address and the attribute.
class Values
{
  public:
    Values(const Json& values, std::string address, std::vector<ImportMessage>& messages)
        : m_values(values), m_address(std::move(address)), m_messages(messages)
    {
    }

    std::string String(const std::string& key, bool required) const
    {
        if (!m_values.contains(key) || m_values[key].is_null())
        {
            if (required)
            {
                Error(key, "required attribute is missing");
            }
            return "";
        }
        if (!m_values[key].is_string())
        {
            Error(key, "expected a string");
            return "";
        }
        return m_values[key].get<std::string>();
    }

    std::optional<uint64_t> Number(const std::string& key) const
    {
        if (!m_values.contains(key) || m_values[key].is_null())
        {
            return std::nullopt;
        }
        if (!m_values[key].is_number_unsigned())
        {
            Error(key, "expected a non-negative integer");
            return std::nullopt;
        }
        return m_values[key].get<uint64_t>();
    }

    std::vector<std::string> Strings(const Json& array, const std::string& key) const
    {
        std::vector<std::string> out;
        if (array.is_array())
        {
            for (const auto& e : array)
            {
                if (e.is_string())
                {
                    out.push_back(e.get<std::string>());
                }
                else
                {
                    Error(key, "expected strings");
                }
            }
        }
        return out;
    }

    /// The first element of a nested block (Terraform writes blocks as lists).
    const Json* Block(const std::string& key) const
    {
        if (!m_values.contains(key) || !m_values[key].is_array() || m_values[key].empty())
        {
            return nullptr;
        }
        return &m_values[key][0];
    }

    const Json& Raw() const { return m_values; }
    const std::string& Address() const { return m_address; }

    void Error(const std::string& key, const std::string& message) const
    {
        m_messages.push_back({ImportMessage::Severity::Error, m_address, key, message});
    }

  private:
    const Json& m_values;
    std::string m_address;
    std::vector<ImportMessage>& m_messages;
};

/// A resource of the state with its JSON pointer.
struct StateResource
{
    const Json* value;
    std::string path; ///< "/values/root_module/child_modules/0/resources/1"
};

void
ReadModule(const Json& module, const std::string& path, std::vector<StateResource>& out)
{
    if (module.contains("resources") && module["resources"].is_array())
    {
        for (size_t i = 0; i < module["resources"].size(); ++i)
        {
            out.push_back({&module["resources"][i], path + "/resources/" + std::to_string(i)});
        }
    }
    if (module.contains("child_modules") && module["child_modules"].is_array())
    {
        for (size_t i = 0; i < module["child_modules"].size(); ++i)
        {
            ReadModule(module["child_modules"][i],
                       path + "/child_modules/" + std::to_string(i),
                       out);
        }
    }
}

AzureCircuit
ReadCircuit(const Values& v)
{
    AzureCircuit c;
    c.resource = v.Address();
    c.name = v.String("name", true);
    if (const Json* sku = v.Block("sku");
        sku && sku->contains("tier") && (*sku)["tier"].is_string())
    {
        c.tier = (*sku)["tier"].get<std::string>();
    }
    else
    {
        v.Error("sku", "required block with tier is missing");
    }
    c.serviceProviderName = v.String("service_provider_name", false);
    c.peeringLocation = v.String("peering_location", false);
    c.bandwidthMbps = v.Number("bandwidth_in_mbps");
    c.portResource = v.String("express_route_port_id", false);
    if (!c.portResource.empty())
    {
        // ExpressRoute Direct: location and bandwidth come from the port when the circuit has
        // none (ScenarioBuilder).
        c.onPort = true;
        c.port = NameIn(c.portResource, "expressRoutePorts");
        if (v.Raw().contains("bandwidth_in_gbps") && v.Raw()["bandwidth_in_gbps"].is_number())
        {
            c.bandwidthMbps =
                static_cast<uint64_t>(v.Raw()["bandwidth_in_gbps"].get<double>() * 1000 + 0.5);
        }
    }
    else if (c.peeringLocation.empty())
    {
        v.Error("peering_location", "required attribute is missing");
    }
    if (!c.bandwidthMbps && !c.onPort)
    {
        v.Error("bandwidth_in_mbps", "required attribute is missing");
    }
    return c;
}

AzurePeering
ReadPeering(const Values& v)
{
    AzurePeering p;
    p.resource = v.Address();
    p.peeringType = v.String("peering_type", true);
    p.vlanId = v.Number("vlan_id");
    p.peerAsn = v.Number("peer_asn");
    p.primaryPeerAddressPrefix = v.String("primary_peer_address_prefix", false);
    p.secondaryPeerAddressPrefix = v.String("secondary_peer_address_prefix", false);
    if (const Json* ms = v.Block("microsoft_peering_config"); ms && ms->is_object())
    {
        p.advertisedPublicPrefixes =
            v.Strings(ms->value("advertised_public_prefixes", Json()), "microsoft_peering_config");
    }
    else if (v.Block("microsoft_peering_config"))
    {
        v.Error("microsoft_peering_config", "expected a block (an object) in the list");
    }
    p.hasRouteFilter = !v.String("route_filter_id", false).empty();
    return p;
}

} // namespace

AzureEstate
ReadTerraformState(const std::string& text,
                   const std::string& sourceName,
                   std::vector<ImportMessage>& messages)
{
    AzureEstate estate;
    estate.source = "Terraform state " + sourceName;
    estate.noun = "state";
    estate.fieldNames = {
        {"sku.tier", "sku.tier"},
        {"properties.serviceProviderProperties.peeringLocation", "peering_location"},
        {"properties.peeringType", "peering_type"},
        {"properties.vlanId", "vlan_id"},
        {"properties.routeFilter", "route_filter_id"},
        {"properties.gatewayType", "type"},
        {"properties.sku.name", "sku"},
        {"properties.ipConfigurations[].properties.subnet.id", "ip_configuration.subnet_id"},
        {"properties.virtualNetworkGateway1.id", "virtual_network_gateway_id"},
        {"properties.peer.id", "express_route_circuit_id"},
        {"properties.connectionType", "type"},
        {"properties.peerExpressRouteCircuitPeering.id", "peer_peering_id"},
        {"properties.expressRoutePort.id", "express_route_port_id"},
        {"properties.peeringLocation", "peering_location"},
        {"properties.bandwidthInGbps", "bandwidth_in_gbps"},
        {"properties.localNetworkGateway2.id", "local_network_gateway_id"},
    };
    Json doc;
    if (!importer::ParseInputJson(text, sourceName, doc, messages))
    {
        return estate;
    }
    if (!doc.is_object() || !doc.contains("values") || !doc["values"].is_object() ||
        !doc["values"].contains("root_module"))
    {
        messages.push_back({ImportMessage::Severity::Error,
                            sourceName,
                            "values.root_module",
                            "not a `terraform show -json` state: no values.root_module"});
        return estate;
    }
    std::vector<StateResource> resources;
    ReadModule(doc["values"]["root_module"], "/values/root_module", resources);
    std::vector<AzurePeering> peerings;
    std::vector<std::string> peeringCircuits;
    for (const auto& [r, path] : resources)
    {
        const std::string where = sourceName + ": " + path;
        if (!r->is_object())
        {
            messages.push_back({ImportMessage::Severity::Error,
                                where,
                                "",
                                std::string("expected a resource object, got ") + r->type_name()});
            continue;
        }
        // What says what the resource is must be strings, or nothing else can be read.
        const std::pair<const char*, Json::value_t> kinds[] = {{"type", Json::value_t::string},
                                                               {"address", Json::value_t::string},
                                                               {"mode", Json::value_t::string},
                                                               {"values", Json::value_t::object}};
        bool typed = true;
        for (const auto& [key, kind] : kinds)
        {
            if (r->contains(key) && (*r)[key].type() != kind)
            {
                messages.push_back({ImportMessage::Severity::Error,
                                    where,
                                    key,
                                    std::string("expected ") +
                                        (kind == Json::value_t::string ? "a string" : "an object") +
                                        ", got " + (*r)[key].type_name()});
                typed = false;
            }
        }
        if (!typed)
        {
            continue;
        }
        const std::string type = r->value("type", std::string());
        const std::string address = r->value("address", type);
        if (r->value("mode", std::string("managed")) != "managed")
        {
            continue; // data sources describe what exists elsewhere, not this estate
        }
        static const Json kEmpty = Json::object();
        const Json& values = r->contains("values") ? (*r)["values"] : kEmpty;
        Values v(values, address, messages);
        NS_LOG_DEBUG("resource=" << address);
        if (type == "azurerm_express_route_circuit")
        {
            estate.circuits.push_back(ReadCircuit(v));
        }
        else if (type == "azurerm_express_route_circuit_peering")
        {
            peerings.push_back(ReadPeering(v));
            peeringCircuits.push_back(v.String("express_route_circuit_name", true));
        }
        else if (type == "azurerm_express_route_circuit_connection")
        {
            AzureGlobalReach g;
            g.resource = address;
            g.name = v.String("name", true);
            g.circuitResource = v.String("peering_id", true);
            g.circuit = NameIn(g.circuitResource, "expressRouteCircuits");
            g.peerResource = v.String("peer_peering_id", true);
            g.peerCircuit = NameIn(g.peerResource, "expressRouteCircuits");
            g.addressPrefix = v.String("address_prefix_ipv4", true);
            estate.globalReach.push_back(g);
        }
        else if (type == "azurerm_virtual_network_gateway")
        {
            AzureGateway g;
            g.resource = address;
            g.name = v.String("name", true);
            g.gatewayType = v.String("type", true);
            g.sku = v.String("sku", true);
            if (const Json* ip = v.Block("ip_configuration");
                ip && ip->contains("subnet_id") && (*ip)["subnet_id"].is_string())
            {
                g.vnet = NameIn((*ip)["subnet_id"].get<std::string>(), "virtualNetworks");
            }
            if (g.vnet.empty())
            {
                v.Error("ip_configuration.subnet_id",
                        "no GatewaySubnet of a virtual network: cannot tell which VNet the "
                        "gateway serves");
            }
            estate.gateways.push_back(g);
        }
        else if (type == "azurerm_virtual_network_gateway_connection")
        {
            AzureConnection c;
            c.resource = address;
            c.name = v.String("name", true);
            c.connectionType = v.String("type", true);
            c.gateway =
                NameIn(v.String("virtual_network_gateway_id", true), "virtualNetworkGateways");
            if (c.connectionType == "ExpressRoute")
            {
                c.circuitResource = v.String("express_route_circuit_id", true);
                c.circuit = NameIn(c.circuitResource, "expressRouteCircuits");
            }
            else if (c.connectionType == "IPsec")
            {
                c.localGatewayResource = v.String("local_network_gateway_id", true);
                c.localGateway = NameIn(c.localGatewayResource, "localNetworkGateways");
            }
            c.routingWeight = v.Number("routing_weight");
            if (values.contains("express_route_gateway_bypass") &&
                values["express_route_gateway_bypass"].is_boolean())
            {
                c.gatewayBypass = values["express_route_gateway_bypass"].get<bool>();
            }
            estate.connections.push_back(c);
        }
        else if (type == "azurerm_virtual_network")
        {
            AzureVnet n;
            n.resource = address;
            n.name = v.String("name", true);
            n.location = v.String("location", true);
            n.addressPrefixes = v.Strings(values.value("address_space", Json()), "address_space");
            if (n.addressPrefixes.empty())
            {
                v.Error("address_space", "required attribute is missing or empty");
            }
            estate.vnets.push_back(n);
        }
        else if (type == "azurerm_express_route_port")
        {
            AzurePort p;
            p.resource = address;
            p.name = v.String("name", true);
            p.peeringLocation = v.String("peering_location", true);
            p.bandwidthGbps = v.Number("bandwidth_in_gbps");
            estate.ports.push_back(p);
        }
        else if (type == "azurerm_local_network_gateway")
        {
            AzureLocalGateway l;
            l.resource = address;
            l.name = v.String("name", true);
            l.location = v.String("location", true);
            l.addressPrefixes = v.Strings(values.value("address_space", Json()), "address_space");
            if (const Json* bgp = v.Block("bgp_settings"))
            {
                // As the ARM reader: a bad ASN is an error, not the default ASN in silence.
                l.bgpAsn = Values(*bgp, address, messages).Number("asn");
                if (bgp->contains("asn") && !(*bgp)["asn"].is_null() && !l.bgpAsn)
                {
                    messages.back().field = "bgp_settings.asn";
                }
            }
            estate.localGateways.push_back(l);
        }
        else if (type == "azurerm_subnet" || type == "azurerm_public_ip" ||
                 type == "azurerm_resource_group" ||
                 type == "azurerm_express_route_circuit_authorization")
        {
            // Parts the simulator does not model (gateway subnet, public IP, resource group,
            // authorization keys): nothing to report.
        }
        else
        {
            messages.push_back({ImportMessage::Severity::Warning,
                                address,
                                "type",
                                "resource type " + type + " is not imported: left out"});
        }
    }
    for (size_t i = 0; i < peerings.size(); ++i)
    {
        auto it = std::find_if(estate.circuits.begin(), estate.circuits.end(), [&](const auto& c) {
            return c.name == peeringCircuits[i];
        });
        if (it == estate.circuits.end())
        {
            messages.push_back(
                {ImportMessage::Severity::Warning,
                 peerings[i].resource,
                 "express_route_circuit_name",
                 "circuit " + peeringCircuits[i] + " is not in the state: peering left out"});
            continue;
        }
        it->peerings.push_back(peerings[i]);
    }
    return estate;
}

} // namespace expressroute
} // namespace ns3
