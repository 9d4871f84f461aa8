// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-geography-reader.h"

#include "expressroute-csv-reader.h"
#include "expressroute-geography.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cstdlib>

namespace ns3
{
namespace expressroute
{

std::string
DefaultDataDir()
{
    if (const char* env = std::getenv("EXPRESSROUTE_DATA_DIR"); env && *env)
    {
        return env;
    }
    return EXPRESSROUTE_DATA_DIR;
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

} // namespace expressroute
} // namespace ns3
