// SPDX-License-Identifier: GPL-2.0-only
// Reads what the az CLI prints (`az network express-route list`, `... peering list`, `vnet-gateway
// list`, `vpn-connection list`, `local-gateway list`, `vnet list`, `express-route port list`)
// into an AzureEstate. The az CLI prints the Azure SDK's models: each object's properties flat
// at its top level, in the SDK's camelCase names (peerAsn where the REST API writes peerASN),
// nulls for what is unset, and sub-resources (peerings, their Global Reach connections, gateway
// ipConfigurations) flattened the same way. Each object is put back into the ARM shape and read
// by the ARM reader's walk (importer::ReadArmResource); doc/import.md has the table.
#include "expressroute-azure-import-internal.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteAzureCliReader");

namespace
{

using PlainJson = nlohmann::json;

const std::string kNet = "Microsoft.Network/";

/// Keys an ARM resource has outside "properties".
bool
IsEnvelopeKey(const std::string& key)
{
    static const std::set<std::string> kKeys = {
        "id", "name", "type", "location", "sku", "tags", "etag", "zones", "resourceGroup"};
    return kKeys.count(key) > 0;
}

/// A sub-resource: an object with a name and an Azure id.
bool
IsSubResource(const PlainJson& v)
{
    return v.is_object() && v.contains("name") && v.contains("id") && v["id"].is_string() &&
           v["id"].get<std::string>().find(kNet) != std::string::npos;
}

PlainJson ToArmShape(const PlainJson& flat);

/// @p v without nulls, its arrays of sub-resources in the ARM shape.
PlainJson
Clean(const PlainJson& v)
{
    if (v.is_object())
    {
        PlainJson out = PlainJson::object();
        for (const auto& [k, e] : v.items())
        {
            if (!e.is_null())
            {
                out[k] = Clean(e);
            }
        }
        return out;
    }
    if (v.is_array())
    {
        PlainJson out = PlainJson::array();
        for (const auto& e : v)
        {
            out.push_back(IsSubResource(e) ? ToArmShape(e) : Clean(e));
        }
        return out;
    }
    return v;
}

/// An az CLI object -> the ARM shape: envelope keys kept, the rest under "properties".
PlainJson
ToArmShape(const PlainJson& flat)
{
    PlainJson arm = PlainJson::object();
    PlainJson props = PlainJson::object();
    for (const auto& [k, v] : flat.items())
    {
        if (v.is_null())
        {
            continue;
        }
        // The SDK's attribute name where the REST API (and so the ARM reader) differs.
        const std::string key = k == "peerAsn" ? "peerASN" : k == "azureAsn" ? "azureASN" : k;
        (IsEnvelopeKey(key) ? arm : props)[key] = Clean(v);
    }
    arm["properties"] = props;
    return arm;
}

/// The "Microsoft.Network/type/name/..." part of an id ("" when not one).
std::string
CanonicalId(const std::string& id)
{
    const auto p = id.find(kNet);
    return p == std::string::npos ? "" : id.substr(p);
}

/// The resource type an id names: "Microsoft.Network/expressRouteCircuits/peerings" for
/// "…/Microsoft.Network/expressRouteCircuits/c/peerings/p" ("" when not a Microsoft.Network id).
/// Older az CLI versions print a peering without "type" (the SDK model had none):
/// https://learn.microsoft.com/azure/expressroute/expressroute-howto-routing-cli shows
/// `peering show`.
std::string
TypeFromId(const std::string& id)
{
    std::string canonical = CanonicalId(id);
    while (!canonical.empty() && canonical.back() == '/')
    {
        canonical.pop_back();
    }
    if (canonical.empty())
    {
        return "";
    }
    std::string type = kNet.substr(0, kNet.size() - 1);
    size_t from = kNet.size();
    for (int segment = 0; from <= canonical.size(); ++segment)
    {
        const size_t slash = std::min(canonical.find('/', from), canonical.size());
        if (segment % 2 == 0)
        {
            type += "/" + canonical.substr(from, slash - from);
        }
        from = slash + 1;
    }
    return type;
}

/// An object of one file, with where it came from.
struct CliObject
{
    const PlainJson* value;
    std::string where; ///< "FILE: /INDEX"
    int order;         ///< circuits first: their peerings and ports attach to them
    std::string type;  ///< its "type", or what its id says
};

} // namespace

AzureEstate
ReadAzCliOutput(const std::vector<std::pair<std::string, std::string>>& files,
                std::vector<ImportMessage>& messages)
{
    AzureEstate estate;
    estate.noun = "az CLI output";
    estate.flatProperties = true;
    estate.source = "az CLI output";
    std::vector<PlainJson> docs;
    std::vector<bool> parsed; // false: reported as not JSON
    docs.reserve(files.size());
    for (const auto& [name, text] : files)
    {
        estate.source += (docs.empty() ? " " : ", ") + name;
        docs.emplace_back();
        parsed.push_back(importer::ParseInputJson(text, name, docs.back(), messages));
    }
    std::vector<CliObject> objects;
    for (size_t f = 0; f < files.size(); ++f)
    {
        const PlainJson& doc = docs[f];
        if (!parsed[f])
        {
            continue;
        }
        if (doc.is_object() && (doc.contains("resources") || doc.contains("values")))
        {
            messages.push_back({ImportMessage::Severity::Error,
                                files[f].first,
                                "",
                                std::string("not az CLI output but ") +
                                    (doc.contains("resources")
                                         ? "an ARM template export: read it with --arm"
                                         : "a Terraform state: read it with --terraform")});
            continue;
        }
        if (!doc.is_array() && !doc.is_object())
        {
            messages.push_back({ImportMessage::Severity::Error,
                                files[f].first,
                                "",
                                "not az CLI output: expected the array a `list` command prints"});
            continue;
        }
        for (size_t i = 0; i < (doc.is_array() ? doc.size() : 1); ++i)
        {
            const PlainJson& o = doc.is_array() ? doc[i] : doc;
            const std::string where = files[f].first + ": /" + std::to_string(i);
            const bool hasId = o.is_object() && o.contains("id") && o["id"].is_string();
            const bool hasType = o.is_object() && o.contains("type") && o["type"].is_string();
            const std::string type = hasType  ? o["type"].get<std::string>()
                                     : hasId ? TypeFromId(o["id"].get<std::string>())
                                              : "";
            if (!hasId || type.empty())
            {
                messages.push_back({ImportMessage::Severity::Error,
                                    where,
                                    "type",
                                    "expected an Azure resource object with \"type\" and \"id\" "
                                    "(az CLI list output)"});
                continue;
            }
            objects.push_back(
                {&o, where, type == "Microsoft.Network/expressRouteCircuits" ? 0 : 1, type});
        }
    }
    std::stable_sort(objects.begin(), objects.end(), [](const auto& a, const auto& b) {
        return a.order < b.order;
    });
    const PlainJson noParameters = PlainJson::object();
    for (const auto& obj : objects)
    {
        const PlainJson& o = *obj.value;
        const std::string& type = obj.type;
        const std::string id = CanonicalId(o["id"].get<std::string>());
        if (id.empty())
        {
            messages.push_back({ImportMessage::Severity::Error,
                                obj.where,
                                "id",
                                "not a Microsoft.Network resource id: " +
                                    o["id"].get<std::string>()});
            continue;
        }
        NS_LOG_DEBUG("resource=" << id << " from " << obj.where);
        const size_t before = messages.size();
        importer::ReadArmResource(ToArmShape(o), type, id, noParameters, estate, messages);
        for (size_t m = before; m < messages.size(); ++m)
        {
            messages[m].field = importer::SourceField(estate, messages[m].field);
        }
    }
    return estate;
}

} // namespace expressroute
} // namespace ns3
