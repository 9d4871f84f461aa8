// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_GEOGRAPHY_H
#define EXPRESSROUTE_GEOGRAPHY_H

#include "expressroute-peering-location.h"
#include "expressroute-region.h"

#include "ns3/object.h"
#include "ns3/ptr.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * The catalogue of places: every Azure region and every peering location the model knows, by
 * name. Filled by the geography reader (helper/) from data/; the model never reads files.
 */
class Geography : public Object
{
  public:
    static TypeId GetTypeId();

    void AddRegion(Ptr<Region> region);
    void AddPeeringLocation(Ptr<PeeringLocation> location);

    /// nullptr when unknown.
    Ptr<Region> FindRegion(const std::string& name) const;
    /// nullptr when unknown.
    Ptr<PeeringLocation> FindPeeringLocation(const std::string& name) const;

    /// Regions in name order.
    std::vector<Ptr<Region>> GetRegions() const;
    /// Peering locations in name order.
    std::vector<Ptr<PeeringLocation>> GetPeeringLocations() const;
    std::vector<std::string> GetRegionNames() const;
    std::vector<std::string> GetPeeringLocationNames() const;

    /// A peering location's region by geography alone: its first Local region, else the nearest
    /// region by great-circle distance. The topology and the resilience analysis attach
    /// locations by data/peering-attachments.csv (doc/backbone.md); this is their rule only for
    /// a backbone read without it.
    std::string GetAttachmentRegion(Ptr<PeeringLocation> location) const;

    /// Great-circle distance in km between two points given in degrees (haversine, R = 6371 km).
    static double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);

  protected:
    void DoDispose() override;

  private:
    std::map<std::string, Ptr<Region>> m_regions;
    std::map<std::string, Ptr<PeeringLocation>> m_locations;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_GEOGRAPHY_H
