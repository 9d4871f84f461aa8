// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-backbone-reader.h"

#include "expressroute-backbone.h"
#include "expressroute-csv-reader.h"
#include "expressroute-geography.h"

#include <map>

namespace ns3
{
namespace expressroute
{

Ptr<Backbone>
ReadBackbone(const std::string& dataDir, Ptr<Geography> geography)
{
    auto backbone = CreateObject<Backbone>();
    const CsvTable access = CsvTable::Read(dataDir + "/region-access.csv");
    std::map<std::string, double> accessMs;
    for (std::size_t i = 0; i < access.Rows(); ++i)
    {
        const std::string& region = access.Get(i, "region");
        if (!geography->FindRegion(region))
        {
            throw DataFileError(access.GetPath() + ": unknown region '" + region + "'");
        }
        accessMs[region] = access.GetDouble(i, "access_ms");
    }
    for (const auto& region : geography->GetRegionNames())
    {
        auto it = accessMs.find(region);
        if (it == accessMs.end())
        {
            throw DataFileError(access.GetPath() + ": no access delay for region '" + region + "'");
        }
        backbone->AddRouter(region, MicroSeconds(static_cast<int64_t>(it->second * 1000.0 + 0.5)));
    }
    const CsvTable links = CsvTable::Read(dataDir + "/backbone-links.csv");
    for (std::size_t i = 0; i < links.Rows(); ++i)
    {
        const std::string& a = links.Get(i, "region_a");
        const std::string& b = links.Get(i, "region_b");
        for (const auto* r : {&a, &b})
        {
            if (!backbone->HasRouter(*r))
            {
                throw DataFileError(links.GetPath() + ": link " + std::to_string(i + 1) +
                                    " names unknown region '" + *r + "'");
            }
        }
        const double ms = links.GetDouble(i, "delay_ms");
        backbone->AddLink(a,
                          b,
                          MicroSeconds(static_cast<int64_t>(ms * 1000.0 + 0.5)),
                          links.Get(i, "kind"));
    }
    const CsvTable attachments = CsvTable::Read(dataDir + "/peering-attachments.csv");
    for (std::size_t i = 0; i < attachments.Rows(); ++i)
    {
        const std::string& location = attachments.Get(i, "peering_location");
        const std::string& region = attachments.Get(i, "region");
        if (!geography->FindPeeringLocation(location))
        {
            throw DataFileError(attachments.GetPath() + ": row " + std::to_string(i + 1) +
                                " names unknown peering location '" + location + "'");
        }
        if (!backbone->HasRouter(region))
        {
            throw DataFileError(attachments.GetPath() + ": row " + std::to_string(i + 1) +
                                " names unknown region '" + region + "'");
        }
        const double ms = attachments.GetDouble(i, "delay_ms");
        backbone->AddLocationLink(location,
                                  region,
                                  MicroSeconds(static_cast<int64_t>(ms * 1000.0 + 0.5)));
    }
    for (const auto& location : geography->GetPeeringLocationNames())
    {
        if (backbone->GetLocationLinks(location).empty())
        {
            throw DataFileError(attachments.GetPath() + ": no link for peering location '" +
                                location + "' (rerun scripts/backbone_fit.py --attach-only)");
        }
    }
    return backbone;
}

} // namespace expressroute
} // namespace ns3
