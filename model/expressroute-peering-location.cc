// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-peering-location.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(PeeringLocation);

TypeId
PeeringLocation::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::PeeringLocation")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<PeeringLocation>()
            .AddAttribute("Name",
                          "Peering location name as Azure lists it (e.g. \"Amsterdam2\"; LOC).",
                          StringValue(""),
                          MakeStringAccessor(&PeeringLocation::m_name),
                          MakeStringChecker())
            .AddAttribute("Metro",
                          "City of the location; Metro circuits pair two locations of one city "
                          "(https://learn.microsoft.com/azure/expressroute/metro).",
                          StringValue(""),
                          MakeStringAccessor(&PeeringLocation::m_metro),
                          MakeStringChecker())
            .AddAttribute("Country",
                          "Country.",
                          StringValue(""),
                          MakeStringAccessor(&PeeringLocation::m_country),
                          MakeStringChecker())
            .AddAttribute("GeopoliticalRegion",
                          "Geopolitical region: the reach of a Standard circuit (GEO).",
                          StringValue(""),
                          MakeStringAccessor(&PeeringLocation::m_geopolitical),
                          MakeStringChecker())
            .AddAttribute("Latitude",
                          "Latitude in degrees.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&PeeringLocation::m_latitude),
                          MakeDoubleChecker<double>(-90, 90))
            .AddAttribute("Longitude",
                          "Longitude in degrees.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&PeeringLocation::m_longitude),
                          MakeDoubleChecker<double>(-180, 180))
            .AddAttribute("PricingZone",
                          "Pricing zone 1..4 ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "expressroute-locations-providers).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&PeeringLocation::m_zone),
                          MakeUintegerChecker<uint32_t>(1, 4))
            .AddAttribute("ErDirect",
                          "ExpressRoute Direct ports are offered here (LOC).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&PeeringLocation::m_erDirect),
                          MakeBooleanChecker());
    return tid;
}

bool
PeeringLocation::IsLocalRegion(const std::string& region) const
{
    return std::find(m_localRegions.begin(), m_localRegions.end(), region) != m_localRegions.end();
}

} // namespace expressroute
} // namespace ns3
