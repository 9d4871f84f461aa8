// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_GLOBAL_REACH_H
#define EXPRESSROUTE_GLOBAL_REACH_H

#include "expressroute-ipv4-prefix.h"

#include "ns3/object.h"

#include <string>

namespace ns3
{
namespace expressroute
{

/**
 * Global Reach: the private peerings of two circuits at different peering locations linked over
 * Microsoft's backbone, so that the two on-premises sites reach each other. Not transitive;
 * throughput capped by the smaller circuit; counts against each circuit's link limit (Microsoft documentation (doc/references.md)
 * §7, GR, LIM).
 */
class GlobalReach : public Object
{
  public:
    static TypeId GetTypeId();

    const std::string& GetName() const { return m_name; }
    void SetCircuits(const std::string& a, const std::string& b)
    {
        m_circuitA = a;
        m_circuitB = b;
    }
    const std::string& GetCircuitA() const { return m_circuitA; }
    const std::string& GetCircuitB() const { return m_circuitB; }
    void SetSubnet(const Ipv4Prefix& subnet) { m_subnet = subnet; }
    const Ipv4Prefix& GetSubnet() const { return m_subnet; }

  private:
    std::string m_name;
    std::string m_circuitA;
    std::string m_circuitB;
    Ipv4Prefix m_subnet;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_GLOBAL_REACH_H
