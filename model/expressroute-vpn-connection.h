// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_VPN_CONNECTION_H
#define EXPRESSROUTE_VPN_CONNECTION_H

#include "expressroute-limits.h"

#include "ns3/data-rate.h"
#include "ns3/object.h"

#include <string>

namespace ns3
{
namespace expressroute
{

/**
 * A site-to-site VPN over the internet between an on-premises site and a VNet's VPN gateway,
 * as the alternative or backup to ExpressRoute for private peering (references.md §7, COEX). The
 * gateway SKU caps aggregate throughput (VPN18, VPNnew). The data path arrives with the what-if
 * engine; here the connection is part of the inventory.
 */
class VpnConnection : public Object
{
  public:
    static TypeId GetTypeId();

    const std::string& GetName() const { return m_name; }
    VpnGatewaySku GetSku() const { return m_sku; }
    DataRate GetThroughput() const { return DataRate(GetVpnGatewaySkuInfo(m_sku).throughputBps); }
    void SetEndpoints(const std::string& site, const std::string& vnet)
    {
        m_site = site;
        m_vnet = vnet;
    }
    const std::string& GetSite() const { return m_site; }
    const std::string& GetVnet() const { return m_vnet; }

  private:
    std::string m_name;
    VpnGatewaySku m_sku{VpnGatewaySku::VpnGw1};
    std::string m_site;
    std::string m_vnet;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_VPN_CONNECTION_H
