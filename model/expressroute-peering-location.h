// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_PEERING_LOCATION_H
#define EXPRESSROUTE_PEERING_LOCATION_H

#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * An ExpressRoute peering location (edge site) where circuits meet the pair of Microsoft
 * Enterprise Edge routers. Its Local region(s) bound a Local circuit's reach (references.md §1 and
 * §11, LOC). Loaded from data/peering_locations.csv; "Amsterdam" and "Amsterdam2" are two
 * locations of one metro.
 */
class PeeringLocation : public Object
{
  public:
    static TypeId GetTypeId();

    const std::string& GetName() const { return m_name; }
    /// The metro (city): two locations of one metro share it (Metro circuits, references.md §4).
    const std::string& GetMetro() const { return m_metro; }
    const std::string& GetCountry() const { return m_country; }
    const std::string& GetGeopoliticalRegion() const { return m_geopolitical; }
    double GetLatitude() const { return m_latitude; }
    double GetLongitude() const { return m_longitude; }
    uint32_t GetPricingZone() const { return m_zone; }
    bool HasErDirect() const { return m_erDirect; }
    /// Local regions (zero, one or two), e.g. Washington DC -> East US, East US 2.
    const std::vector<std::string>& GetLocalRegions() const { return m_localRegions; }
    void SetLocalRegions(std::vector<std::string> regions) { m_localRegions = std::move(regions); }
    bool IsLocalRegion(const std::string& region) const;

  private:
    std::string m_name;
    std::string m_metro;
    std::string m_country;
    std::string m_geopolitical;
    double m_latitude{0};
    double m_longitude{0};
    uint32_t m_zone{1};
    bool m_erDirect{false};
    std::vector<std::string> m_localRegions;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_PEERING_LOCATION_H
