// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-region.h"

#include "ns3/double.h"
#include "ns3/string.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(Region);

TypeId
Region::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::Region")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<Region>()
            .AddAttribute("Name",
                          "Display name, as Azure writes it (e.g. \"West Europe\").",
                          StringValue(""),
                          MakeStringAccessor(&Region::m_name),
                          MakeStringChecker())
            .AddAttribute("Id",
                          "Programmatic name (e.g. \"westeurope\").",
                          StringValue(""),
                          MakeStringAccessor(&Region::m_id),
                          MakeStringChecker())
            .AddAttribute("City",
                          "City of the region's datacentres.",
                          StringValue(""),
                          MakeStringAccessor(&Region::m_city),
                          MakeStringChecker())
            .AddAttribute("GeopoliticalRegion",
                          "Geopolitical region: the reach of a Standard circuit ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-locations-providers).",
                          StringValue(""),
                          MakeStringAccessor(&Region::m_geopolitical),
                          MakeStringChecker())
            .AddAttribute("Latitude",
                          "Latitude in degrees.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&Region::m_latitude),
                          MakeDoubleChecker<double>(-90, 90))
            .AddAttribute("Longitude",
                          "Longitude in degrees.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&Region::m_longitude),
                          MakeDoubleChecker<double>(-180, 180));
    return tid;
}

} // namespace expressroute
} // namespace ns3
