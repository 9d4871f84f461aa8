// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-geography.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(Geography);

TypeId
Geography::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::Geography")
                            .SetParent<Object>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<Geography>();
    return tid;
}

void
Geography::AddRegion(Ptr<Region> region)
{
    m_regions[region->GetName()] = region;
}

void
Geography::AddPeeringLocation(Ptr<PeeringLocation> location)
{
    m_locations[location->GetName()] = location;
}

Ptr<Region>
Geography::FindRegion(const std::string& name) const
{
    auto it = m_regions.find(name);
    return it == m_regions.end() ? nullptr : it->second;
}

Ptr<PeeringLocation>
Geography::FindPeeringLocation(const std::string& name) const
{
    auto it = m_locations.find(name);
    return it == m_locations.end() ? nullptr : it->second;
}

std::vector<Ptr<Region>>
Geography::GetRegions() const
{
    std::vector<Ptr<Region>> out;
    for (const auto& [name, r] : m_regions)
    {
        out.push_back(r);
    }
    return out;
}

std::vector<Ptr<PeeringLocation>>
Geography::GetPeeringLocations() const
{
    std::vector<Ptr<PeeringLocation>> out;
    for (const auto& [name, l] : m_locations)
    {
        out.push_back(l);
    }
    return out;
}

std::vector<std::string>
Geography::GetRegionNames() const
{
    std::vector<std::string> out;
    for (const auto& [name, r] : m_regions)
    {
        out.push_back(name);
    }
    return out;
}

std::vector<std::string>
Geography::GetPeeringLocationNames() const
{
    std::vector<std::string> out;
    for (const auto& [name, l] : m_locations)
    {
        out.push_back(name);
    }
    return out;
}

std::string
Geography::GetAttachmentRegion(Ptr<PeeringLocation> loc) const
{
    if (!loc->GetLocalRegions().empty())
    {
        return loc->GetLocalRegions().front();
    }
    std::string best;
    double bestKm = std::numeric_limits<double>::max();
    for (const auto& [name, r] : m_regions)
    {
        const double km =
            GreatCircleKm(loc->GetLatitude(), loc->GetLongitude(), r->GetLatitude(), r->GetLongitude());
        if (km < bestKm)
        {
            bestKm = km;
            best = name;
        }
    }
    return best;
}

double
Geography::GreatCircleKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double kRad = M_PI / 180.0;
    constexpr double kEarthKm = 6371.0;
    const double dlat = (lat2 - lat1) * kRad;
    const double dlon = (lon2 - lon1) * kRad;
    const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) *
                         std::sin(dlon / 2);
    return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

void
Geography::DoDispose()
{
    m_regions.clear();
    m_locations.clear();
    Object::DoDispose();
}

} // namespace expressroute
} // namespace ns3
