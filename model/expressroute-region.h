// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_REGION_H
#define EXPRESSROUTE_REGION_H

#include "ns3/object.h"

#include <string>

namespace ns3
{
namespace expressroute
{

/**
 * An Azure region: where virtual networks and their gateways live. The geopolitical region is
 * the scope of a Standard circuit (references.md §1 and §11, GEO). Loaded from data/regions.csv.
 */
class Region : public Object
{
  public:
    static TypeId GetTypeId();

    const std::string& GetName() const { return m_name; }
    const std::string& GetId() const { return m_id; }
    const std::string& GetCity() const { return m_city; }
    const std::string& GetGeopoliticalRegion() const { return m_geopolitical; }
    double GetLatitude() const { return m_latitude; }
    double GetLongitude() const { return m_longitude; }

  private:
    std::string m_name;
    std::string m_id;
    std::string m_city;
    std::string m_geopolitical;
    double m_latitude{0};
    double m_longitude{0};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_REGION_H
