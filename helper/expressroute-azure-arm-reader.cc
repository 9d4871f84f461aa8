// SPDX-License-Identifier: GPL-2.0-only
// Reads an ARM template export (`az group export`) into an AzureEstate. Field names follow the
// ARM template reference of Microsoft.Network (expressRouteCircuits, virtualNetworkGateways,
// connections, virtualNetworks); doc/import.md has the table.
#include "expressroute-azure-import-internal.h"

#include "ns3/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteAzureArmReader");

namespace
{

using Json = nlohmann::json;
using importer::ArmResolver;

const std::string kNet = "Microsoft.Network/";

/// The "Microsoft.Network/type/name/child/name" part of an id ("" when not one).
std::string
CanonicalId(const std::string& id)
{
    const auto p = id.find(kNet);
    return p == std::string::npos ? "" : id.substr(p);
}

/// @p text split at each '/'.
std::vector<std::string>
Segments(const std::string& text)
{
    std::vector<std::string> out;
    size_t a = 0;
    while (a <= text.size())
    {
        const size_t b = text.find('/', a);
        out.push_back(text.substr(a, b == std::string::npos ? std::string::npos : b - a));
        a = b == std::string::npos ? text.size() + 1 : b + 1;
    }
    return out;
}

/**
 * The id of a template resource from its type and name, "" with @p why (for the field
 * @p whyField) when they do not make one. ARM's rule
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/child-resource-name-type):
 * a resource outside its parent is named with as many segments as its type has after the
 * namespace, "parent/child" for Microsoft.Network/expressRouteCircuits/peerings, and a top-level
 * resource with one; ARM refuses a template where they differ.
 */
std::string
ResourceId(const std::string& type,
           const std::string& name,
           std::string& whyField,
           std::string& why)
{
    const auto types = Segments(type);
    const auto names = Segments(name);
    const auto empty = [](const std::vector<std::string>& v) {
        return std::any_of(v.begin(), v.end(), [](const std::string& s) { return s.empty(); });
    };
    if (types.size() < 2 || empty(types))
    {
        whyField = "type";
        why = "type " + type + " is not a resource type (Namespace/type, Namespace/type/child)";
        return "";
    }
    if (empty(names))
    {
        whyField = "name";
        why = name.empty() ? std::string("the name is empty") : name + " has an empty segment";
        return "";
    }
    if (names.size() != types.size() - 1)
    {
        whyField = "name";
        why = name + " has " + std::to_string(names.size()) + " segment" +
              (names.size() == 1 ? "" : "s") + " where type " + type + " has " +
              std::to_string(types.size() - 1) +
              ": ARM names a resource with one segment per type segment after the namespace "
              "(a top-level resource 'name', a child resource 'parent/child')";
        return "";
    }
    std::string out = types[0];
    for (size_t i = 1; i < types.size(); ++i)
    {
        out += "/" + types[i] + "/" + names[i - 1];
    }
    return out;
}

/// The name following "/SEGMENT/" in an id ("" when absent).
std::string
NameAfter(const std::string& id, const std::string& segment)
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

/// Reading one resource: typed access to its fields, errors naming the resource and the field.
class Fields
{
  public:
    Fields(const Json& res,
           std::string id,
           const ArmResolver& resolver,
           std::vector<ImportMessage>& messages)
        : m_res(res), m_id(std::move(id)), m_resolver(resolver), m_messages(messages)
    {
    }

    const Json* At(const std::string& dotted) const
    {
        const Json* v = &m_res;
        size_t a = 0;
        while (a <= dotted.size())
        {
            const size_t b = dotted.find('.', a);
            const auto key = dotted.substr(a, b == std::string::npos ? std::string::npos : b - a);
            if (!v->is_object() || !v->contains(key))
            {
                return nullptr;
            }
            v = &(*v)[key];
            a = b == std::string::npos ? dotted.size() + 1 : b + 1;
        }
        return v;
    }

    std::string String(const std::string& field, bool required) const
    {
        const Json* v = At(field);
        if (!v)
        {
            if (required)
            {
                Error(field, "required field is missing");
            }
            return "";
        }
        if (!v->is_string())
        {
            Error(field, "expected a string");
            return "";
        }
        auto r = m_resolver.Resolve(v->get<std::string>());
        if (!r)
        {
            Error(field, ArmResolver::CannotResolve(v->get<std::string>()));
            return "";
        }
        return *r;
    }

    std::optional<uint64_t> Number(const std::string& field) const
    {
        const Json* v = At(field);
        if (!v)
        {
            return std::nullopt;
        }
        if (v->is_number_unsigned())
        {
            return v->get<uint64_t>();
        }
        if (v->is_string())
        {
            const auto s = String(field, false);
            if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos &&
                s.size() < 12)
            {
                return std::stoull(s);
            }
        }
        Error(field, "expected a non-negative integer");
        return std::nullopt;
    }

    std::vector<std::string> Strings(const std::string& field) const
    {
        std::vector<std::string> out;
        const Json* v = At(field);
        if (v && v->is_array())
        {
            for (const auto& e : *v)
            {
                auto r = e.is_string() ? m_resolver.Resolve(e.get<std::string>()) : std::nullopt;
                if (!r)
                {
                    Error(field,
                          e.is_string() ? ArmResolver::CannotResolve(e.get<std::string>())
                                        : std::string("expected strings"));
                    continue;
                }
                out.push_back(*r);
            }
        }
        else if (v)
        {
            Error(field, "expected an array of strings");
        }
        return out;
    }

    void Error(const std::string& field, const std::string& message) const
    {
        m_messages.push_back({ImportMessage::Severity::Error, m_id, field, message});
    }

    const std::string& Id() const { return m_id; }
    const ArmResolver& Resolver() const { return m_resolver; }
    std::vector<ImportMessage>& Messages() const { return m_messages; }

  private:
    const Json& m_res;
    std::string m_id;
    const ArmResolver& m_resolver;
    std::vector<ImportMessage>& m_messages;
};

AzurePeering
ReadPeering(const Fields& f)
{
    AzurePeering p;
    p.resource = f.Id();
    p.peeringType = f.String("properties.peeringType", false);
    if (p.peeringType.empty())
    {
        p.peeringType = NameAfter(p.resource + "/", "peerings");
    }
    p.vlanId = f.Number("properties.vlanId");
    p.peerAsn = f.Number("properties.peerASN");
    p.primaryPeerAddressPrefix = f.String("properties.primaryPeerAddressPrefix", false);
    p.secondaryPeerAddressPrefix = f.String("properties.secondaryPeerAddressPrefix", false);
    p.advertisedPublicPrefixes =
        f.Strings("properties.microsoftPeeringConfig.advertisedPublicPrefixes");
    p.hasRouteFilter = f.At("properties.routeFilter") != nullptr;
    return p;
}

/// The first field in which @p b differs from @p a, as "field: a's value against b's", or "".
std::string
PeeringDifference(const AzurePeering& a, const AzurePeering& b)
{
    const auto text = [](const std::optional<uint64_t>& v) {
        return v ? std::to_string(*v) : std::string("none");
    };
    if (a.peeringType != b.peeringType)
    {
        return "properties.peeringType: " + a.peeringType + " there, " + b.peeringType + " here";
    }
    if (a.vlanId != b.vlanId)
    {
        return "properties.vlanId: " + text(a.vlanId) + " there, " + text(b.vlanId) + " here";
    }
    if (a.peerAsn != b.peerAsn)
    {
        return "properties.peerASN: " + text(a.peerAsn) + " there, " + text(b.peerAsn) + " here";
    }
    if (a.primaryPeerAddressPrefix != b.primaryPeerAddressPrefix)
    {
        return "properties.primaryPeerAddressPrefix: " + a.primaryPeerAddressPrefix + " there, " +
               b.primaryPeerAddressPrefix + " here";
    }
    if (a.secondaryPeerAddressPrefix != b.secondaryPeerAddressPrefix)
    {
        return "properties.secondaryPeerAddressPrefix: " + a.secondaryPeerAddressPrefix +
               " there, " + b.secondaryPeerAddressPrefix + " here";
    }
    if (a.advertisedPublicPrefixes != b.advertisedPublicPrefixes)
    {
        return "properties.microsoftPeeringConfig.advertisedPublicPrefixes: they differ";
    }
    return "";
}

/// The name of the sub-resource @p sub (a circuit's peering, a peering's Global Reach
/// connection), written in @p parent's field @p field; nullopt, reported on @p parent, when it
/// is missing, not a string, or an expression that cannot be resolved or is not one segment.
std::optional<std::string>
NestedName(const Fields& parent, const Json& sub, const std::string& field)
{
    if (!sub.is_object())
    {
        parent.Error(field, std::string("expected an object, got ") + sub.type_name());
        return std::nullopt;
    }
    if (!sub.contains("name") || !sub["name"].is_string())
    {
        parent.Error(field + ".name",
                     sub.contains("name")
                         ? std::string("expected a string, got ") + sub["name"].type_name()
                         : std::string("required field is missing"));
        return std::nullopt;
    }
    const std::string raw = sub["name"].get<std::string>();
    const auto name = parent.Resolver().Resolve(raw);
    if (!name)
    {
        parent.Error(field + ".name", ArmResolver::CannotResolve(raw));
    }
    else if (name->empty() || name->find('/') != std::string::npos)
    {
        parent.Error(field + ".name",
                     *name + " is not one segment: inside its parent, a resource is named "
                     "without the parent's name");
        return std::nullopt;
    }
    return name;
}

AzureGlobalReach
ReadGlobalReach(const Fields& f)
{
    AzureGlobalReach g;
    g.resource = f.Id();
    g.circuit = NameAfter(g.resource, "expressRouteCircuits");
    g.name = g.resource.substr(g.resource.rfind('/') + 1);
    g.peerResource = f.String("properties.peerExpressRouteCircuitPeering.id", true);
    g.peerCircuit = NameAfter(CanonicalId(g.peerResource), "expressRouteCircuits");
    g.addressPrefix = f.String("properties.addressPrefix", true);
    return g;
}

void
ReadCircuit(const Fields& f, AzureEstate& estate)
{
    AzureCircuit c;
    c.resource = f.Id();
    c.name = NameAfter(c.resource, "expressRouteCircuits");
    c.tier = f.String("sku.tier", true);
    c.serviceProviderName =
        f.String("properties.serviceProviderProperties.serviceProviderName", false);
    c.peeringLocation = f.String("properties.serviceProviderProperties.peeringLocation", false);
    c.bandwidthMbps = f.Number("properties.serviceProviderProperties.bandwidthInMbps");
    if (f.At("properties.expressRoutePort"))
    {
        // ExpressRoute Direct: location and bandwidth come from the port when the circuit has
        // none (ScenarioBuilder).
        c.onPort = true;
        c.portResource = f.String("properties.expressRoutePort.id", true);
        c.port = NameAfter(CanonicalId(c.portResource), "expressRoutePorts");
        if (auto gbps = f.Number("properties.bandwidthInGbps"))
        {
            c.bandwidthMbps = *gbps * 1000;
        }
    }
    else if (c.peeringLocation.empty())
    {
        f.Error("properties.serviceProviderProperties.peeringLocation",
                "required field is missing");
    }
    if (!c.bandwidthMbps && !c.onPort)
    {
        f.Error("properties.serviceProviderProperties.bandwidthInMbps",
                "required field is missing");
    }
    if (const Json* peerings = f.At("properties.peerings"); peerings && peerings->is_array())
    {
        for (size_t i = 0; i < peerings->size(); ++i)
        {
            const Json& p = (*peerings)[i];
            const std::string field = "properties.peerings[" + std::to_string(i) + "]";
            const auto name = NestedName(f, p, field);
            if (!name)
            {
                continue;
            }
            const auto id = c.resource + "/peerings/" + *name;
            Fields pf(p, id, f.Resolver(), f.Messages());
            c.peerings.push_back(ReadPeering(pf));
            if (const Json* conns = pf.At("properties.connections"); conns && conns->is_array())
            {
                for (size_t j = 0; j < conns->size(); ++j)
                {
                    const Json& g = (*conns)[j];
                    const auto gn = NestedName(pf, g, "properties.connections[" +
                                                          std::to_string(j) + "]");
                    if (!gn)
                    {
                        continue;
                    }
                    Fields gf(g, id + "/connections/" + *gn, f.Resolver(), f.Messages());
                    estate.globalReach.push_back(ReadGlobalReach(gf));
                }
            }
        }
    }
    estate.circuits.push_back(std::move(c));
}

void
ReadGateway(const Fields& f, AzureEstate& estate)
{
    AzureGateway g;
    g.resource = f.Id();
    g.name = NameAfter(g.resource, "virtualNetworkGateways");
    g.gatewayType = f.String("properties.gatewayType", true);
    g.sku = f.String("properties.sku.name", false);
    if (g.sku.empty())
    {
        g.sku = f.String("sku.name", true);
    }
    g.scaleUnits = f.Number("properties.autoScaleConfiguration.bounds.min");
    if (const Json* ipc = f.At("properties.ipConfigurations"); ipc && ipc->is_array())
    {
        for (const auto& c : *ipc)
        {
            Fields cf(c, g.resource, f.Resolver(), f.Messages());
            const auto subnet = CanonicalId(cf.String("properties.subnet.id", false));
            if (!subnet.empty())
            {
                g.vnet = NameAfter(subnet, "virtualNetworks");
            }
        }
    }
    if (g.vnet.empty())
    {
        f.Error("properties.ipConfigurations[].properties.subnet.id",
                "no GatewaySubnet of a virtual network: cannot tell which VNet the gateway serves");
    }
    estate.gateways.push_back(std::move(g));
}

void
ReadConnection(const Fields& f, AzureEstate& estate)
{
    AzureConnection c;
    c.resource = f.Id();
    c.name = NameAfter(c.resource, "connections");
    c.connectionType = f.String("properties.connectionType", true);
    c.gateway = NameAfter(CanonicalId(f.String("properties.virtualNetworkGateway1.id", true)),
                          "virtualNetworkGateways");
    if (c.connectionType == "ExpressRoute")
    {
        c.circuitResource = f.String("properties.peer.id", true);
        c.circuit = NameAfter(CanonicalId(c.circuitResource), "expressRouteCircuits");
    }
    else if (c.connectionType == "IPsec")
    {
        c.localGatewayResource = f.String("properties.localNetworkGateway2.id", true);
        c.localGateway = NameAfter(CanonicalId(c.localGatewayResource), "localNetworkGateways");
    }
    c.routingWeight = f.Number("properties.routingWeight");
    if (const Json* b = f.At("properties.expressRouteGatewayBypass"); b && b->is_boolean())
    {
        c.gatewayBypass = b->get<bool>();
    }
    estate.connections.push_back(std::move(c));
}

void
ReadVnet(const Fields& f, AzureEstate& estate)
{
    AzureVnet v;
    v.resource = f.Id();
    v.name = NameAfter(v.resource, "virtualNetworks");
    v.location = f.String("location", true);
    v.addressPrefixes = f.Strings("properties.addressSpace.addressPrefixes");
    if (v.addressPrefixes.empty())
    {
        f.Error("properties.addressSpace.addressPrefixes", "required field is missing or empty");
    }
    estate.vnets.push_back(std::move(v));
}

void
ReadPort(const Fields& f, AzureEstate& estate)
{
    AzurePort p;
    p.resource = f.Id();
    p.name = NameAfter(p.resource, "expressRoutePorts");
    p.peeringLocation = f.String("properties.peeringLocation", true);
    p.bandwidthGbps = f.Number("properties.bandwidthInGbps");
    estate.ports.push_back(std::move(p));
}

void
ReadLocalGateway(const Fields& f, AzureEstate& estate)
{
    AzureLocalGateway l;
    l.resource = f.Id();
    l.name = NameAfter(l.resource, "localNetworkGateways");
    l.location = f.String("location", true);
    l.addressPrefixes = f.Strings("properties.localNetworkAddressSpace.addressPrefixes");
    l.bgpAsn = f.Number("properties.bgpSettings.asn");
    estate.localGateways.push_back(std::move(l));
}

/// Reads one resource of type @p type, named @p id in messages, into @p estate.
void
ReadResource(const Json& res,
             const std::string& type,
             const std::string& id,
             const ArmResolver& resolver,
             AzureEstate& estate,
             std::vector<ImportMessage>& messages)
{
    Fields f(res, id, resolver, messages);
    NS_LOG_DEBUG("resource=" << id);
    if (type == "Microsoft.Network/expressRouteCircuits")
    {
        ReadCircuit(f, estate);
    }
    else if (type == "Microsoft.Network/expressRouteCircuits/peerings")
    {
        const auto circuit = NameAfter(id, "expressRouteCircuits");
        bool found = false;
        for (auto& c : estate.circuits)
        {
            if (c.name == circuit)
            {
                found = true;
                // Read (and so checked) in either case: a copy that differs is not dropped in
                // silence.
                const AzurePeering read = ReadPeering(f);
                const auto same = std::find_if(c.peerings.begin(), c.peerings.end(),
                                               [&id](const AzurePeering& p) {
                                                   return p.resource == id;
                                               });
                if (same == c.peerings.end())
                {
                    c.peerings.push_back(read);
                }
                else if (const std::string d = PeeringDifference(*same, read); !d.empty())
                {
                    messages.push_back({ImportMessage::Severity::Warning,
                                        id,
                                        d.substr(0, d.find(':')),
                                        "differs from the same peering inside circuit " + circuit +
                                            " (" + d.substr(d.find(':') + 2) +
                                            "): the circuit's copy is used"});
                }
            }
        }
        if (!found)
        {
            messages.push_back({ImportMessage::Severity::Warning,
                            id,
                                "",
                                "a peering of circuit " + circuit +
                                    ", which is not in the export (or comes after it): left "
                                    "out"});
        }
    }
    else if (type == "Microsoft.Network/expressRouteCircuits/peerings/connections")
    {
        bool dup = false;
        for (const auto& g : estate.globalReach)
        {
            dup = dup || g.resource == id;
        }
        if (!dup)
        {
            estate.globalReach.push_back(ReadGlobalReach(f));
        }
    }
    else if (type == "Microsoft.Network/virtualNetworkGateways")
    {
        ReadGateway(f, estate);
    }
    else if (type == "Microsoft.Network/connections")
    {
        ReadConnection(f, estate);
    }
    else if (type == "Microsoft.Network/virtualNetworks")
    {
        ReadVnet(f, estate);
    }
    else if (type == "Microsoft.Network/expressRoutePorts")
    {
        ReadPort(f, estate);
    }
    else if (type == "Microsoft.Network/localNetworkGateways")
    {
        ReadLocalGateway(f, estate);
    }
    else if (type == "Microsoft.Network/virtualNetworks/subnets" ||
             type == "Microsoft.Network/publicIPAddresses" ||
             type == "Microsoft.Network/expressRouteCircuits/authorizations")
    {
        // Parts of the resources above that the simulator does not model (gateway subnet,
        // gateway public IP, authorization keys): nothing to report.
    }
    else
    {
        messages.push_back({ImportMessage::Severity::Warning,
                            id,
                            "type",
                            "resource type " + type + " is not imported: left out"});
    }
}

} // namespace

void
importer::ReadArmResource(const nlohmann::json& res,
                const std::string& type,
                const std::string& id,
                const nlohmann::json& parameters,
                AzureEstate& estate,
                std::vector<ImportMessage>& messages)
{
    const Json vars = Json::object();
    ArmResolver resolver(parameters, vars);
    ReadResource(res, type, id, resolver, estate, messages);
}

AzureEstate
ReadArmTemplate(const std::string& text,
                const std::string& sourceName,
                std::vector<ImportMessage>& messages)
{
    AzureEstate estate;
    estate.source = "ARM template export " + sourceName;
    Json doc;
    if (!importer::ParseInputJson(text, sourceName, doc, messages))
    {
        return estate;
    }
    if (!doc.is_object() || !doc.contains("resources") || !doc["resources"].is_array())
    {
        messages.push_back({ImportMessage::Severity::Error,
                            sourceName,
                            "resources",
                            "not an ARM template: no \"resources\" array"});
        return estate;
    }
    const Json params = doc.value("parameters", Json::object());
    const Json vars = doc.value("variables", Json::object());
    ArmResolver resolver(params, vars);
    for (size_t i = 0; i < doc["resources"].size(); ++i)
    {
        const Json& res = doc["resources"][i];
        if (!res.is_object())
        {
            messages.push_back({ImportMessage::Severity::Error,
                                sourceName + ": /resources/" + std::to_string(i),
                                "",
                                "expected a resource object"});
            continue;
        }
        const std::string where = sourceName + ": /resources/" + std::to_string(i);
        if (res.contains("type") && !res["type"].is_string())
        {
            messages.push_back({ImportMessage::Severity::Error,
                                where,
                                "type",
                                std::string("expected a string, got ") + res["type"].type_name()});
            continue;
        }
        const std::string type = res.value("type", std::string());
        if (type.empty() || !res.contains("name") || !res["name"].is_string())
        {
            messages.push_back(
                {ImportMessage::Severity::Error,
                 where,
                 type.empty() ? "type" : "name",
                 type.empty() || !res.contains("name")
                     ? std::string("missing")
                     : std::string("expected a string, got ") + res["name"].type_name()});
            continue;
        }
        const std::string rawName = res["name"].get<std::string>();
        const auto name = resolver.Resolve(rawName);
        if (!name)
        {
            messages.push_back({ImportMessage::Severity::Error,
                                where,
                                "name",
                                ArmResolver::CannotResolve(rawName)});
            continue;
        }
        std::string whyField;
        std::string why;
        const std::string id = ResourceId(type, *name, whyField, why);
        if (id.empty())
        {
            messages.push_back({ImportMessage::Severity::Error,
                                where,
                                whyField,
                                why + (whyField != "name" || *name == rawName
                                           ? ""
                                           : " (from " + rawName + ")")});
            continue;
        }
        ReadResource(res, type, id, resolver, estate, messages);
    }
    return estate;
}

} // namespace expressroute
} // namespace ns3
