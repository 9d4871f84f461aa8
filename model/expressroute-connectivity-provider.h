// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_CONNECTIVITY_PROVIDER_H
#define EXPRESSROUTE_CONNECTIVITY_PROVIDER_H

#include "expressroute-limits.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <string>

namespace ns3
{
namespace expressroute
{

/**
 * Who carries a circuit from the customer to the peering location (references.md §4, CM):
 * a cloud exchange, a point-to-point Ethernet carrier, an any-to-any IPVPN, or nobody
 * (ExpressRoute Direct: the customer is on Microsoft's ports). A Layer2 service leaves BGP to
 * the customer's router; a Layer3 (managed) service or IPVPN puts the provider's PE routers in
 * the path, and they run BGP with the MSEEs (WF).
 */
class ConnectivityProvider : public Object
{
  public:
    static TypeId GetTypeId();

    const std::string& GetName() const { return m_name; }
    ProviderKind GetKind() const { return m_kind; }
    ProviderLayer GetLayer() const { return m_layer; }
    /// True when the provider's PE routers, not the customer, peer with the MSEEs.
    bool IsBgpRunByProvider() const { return m_layer == ProviderLayer::Layer3; }
    /// One-way delay a circuit adds inside the provider (switching, PE), on top of distance.
    Time GetEquipmentDelay() const { return m_equipmentDelay; }
    uint32_t GetAsn() const { return m_asn; }

  private:
    std::string m_name;
    ProviderKind m_kind{ProviderKind::CloudExchange};
    ProviderLayer m_layer{ProviderLayer::Layer2};
    Time m_equipmentDelay;
    uint32_t m_asn{64512};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_CONNECTIVITY_PROVIDER_H
