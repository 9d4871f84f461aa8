// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-geography-reader.h"

#include "expressroute-csv-reader.h"
#include "expressroute-geography.h"
#include "expressroute-scenario-diagnostics.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cctype>
#include <cstdlib>

namespace ns3
{
namespace expressroute
{

namespace
{

/// Lower-case letters and digits only: "East US 2", "eastus2" and "East US2" are one key.
std::string
Key(const std::string& name)
{
    std::string key;
    for (unsigned char c : name)
    {
        if (std::isalnum(c))
        {
            key += static_cast<char>(std::tolower(c));
        }
    }
    return key;
}

std::string
Suggestion(const std::string& name)
{
    return "; did you mean " + Quote(name) + "?";
}

} // namespace

/// The source tree's data/ (generated: cmake/data-dir.cc.in).
const char* BuiltInDataDir();

std::string
DefaultDataDir()
{
    if (const char* env = std::getenv("EXPRESSROUTE_DATA_DIR"); env && *env)
    {
        return env;
    }
    return BuiltInDataDir();
}

Ptr<Geography>
ReadGeography(const std::string& dataDir)
{
    auto geo = CreateObject<Geography>();
    const CsvTable regions = CsvTable::Read(dataDir + "/regions.csv");
    for (std::size_t i = 0; i < regions.Rows(); ++i)
    {
        auto r = CreateObjectWithAttributes<Region>(
            "Name", StringValue(regions.Get(i, "region_name")),
            "Id", StringValue(regions.Get(i, "region_id")),
            "City", StringValue(regions.Get(i, "city")),
            "GeopoliticalRegion", StringValue(regions.Get(i, "geopolitical_region")),
            "Latitude", DoubleValue(regions.GetDouble(i, "latitude")),
            "Longitude", DoubleValue(regions.GetDouble(i, "longitude")));
        geo->AddRegion(r);
    }
    const CsvTable locs = CsvTable::Read(dataDir + "/peering_locations.csv");
    for (std::size_t i = 0; i < locs.Rows(); ++i)
    {
        auto l = CreateObjectWithAttributes<PeeringLocation>(
            "Name", StringValue(locs.Get(i, "peering_location")),
            "Metro", StringValue(locs.Get(i, "city")),
            "Country", StringValue(locs.Get(i, "country")),
            "GeopoliticalRegion", StringValue(locs.Get(i, "geopolitical_region")),
            "Latitude", DoubleValue(locs.GetDouble(i, "latitude")),
            "Longitude", DoubleValue(locs.GetDouble(i, "longitude")),
            "PricingZone", UintegerValue(static_cast<uint32_t>(locs.GetDouble(i, "zone"))),
            "ErDirect", BooleanValue(locs.Get(i, "er_direct") == "yes"));
        // local_region: "none", one region, or several separated by ';'.
        std::vector<std::string> local;
        const std::string& field = locs.Get(i, "local_region");
        if (field != "none" && !field.empty())
        {
            std::size_t start = 0;
            while (true)
            {
                const auto semi = field.find(';', start);
                local.push_back(field.substr(start, semi == std::string::npos ? semi : semi - start));
                if (semi == std::string::npos)
                {
                    break;
                }
                start = semi + 1;
            }
        }
        for (const auto& name : local)
        {
            if (!geo->FindRegion(name))
            {
                throw DataFileError(locs.GetPath() + ": peering location '" + l->GetName() +
                                    "' names unknown local region '" + name + "'");
            }
        }
        l->SetLocalRegions(std::move(local));
        geo->AddPeeringLocation(l);
    }
    return geo;
}

Ptr<Region>
LookupRegion(const Geography& geo, const std::string& name)
{
    if (auto r = geo.FindRegion(name))
    {
        return r;
    }
    const std::string key = Key(name);
    for (const auto& r : geo.GetRegions())
    {
        if (Key(r->GetId()) == key && r->GetId().size() == name.size())
        {
            return r; // Azure's location name, in any case
        }
    }
    return nullptr;
}

std::string
SuggestRegion(const Geography& geo, const std::string& name)
{
    const std::string key = Key(name);
    for (const auto& r : geo.GetRegions())
    {
        if (!key.empty() && (Key(r->GetName()) == key || Key(r->GetId()) == key))
        {
            return Suggestion(r->GetName());
        }
    }
    return DidYouMean(name, geo.GetRegionNames());
}

std::string
SuggestPeeringLocation(const Geography& geo, const std::string& name)
{
    const auto names = geo.GetPeeringLocationNames();
    const auto comma = name.find(',');
    const std::string key = Key(comma == std::string::npos ? name : name.substr(0, comma));
    for (const auto& n : names)
    {
        if (!key.empty() && Key(n) == key)
        {
            return Suggestion(n);
        }
    }
    return DidYouMean(name, names);
}

} // namespace expressroute
} // namespace ns3
