// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_ER_GATEWAY_H
#define EXPRESSROUTE_ER_GATEWAY_H

#include "expressroute-gateway-data-path.h"
#include "expressroute-limits.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"
#include "ns3/node.h"
#include "ns3/object.h"

namespace ns3
{
namespace expressroute
{



/**
 * The ExpressRoute virtual network gateway of a VNet: the router between the circuits' MSEEs
 * and the VNet (ASN 65515). Its SKU fixes throughput and packets per second with no burst, the
 * number of circuits, and whether FastPath may bypass its data path (references.md §6, GWPERF, GW).
 */
class ErGateway : public Object
{
  public:
    static TypeId GetTypeId();

    ErGatewaySku GetSku() const { return m_sku; }
    bool IsFastPathEnabled() const { return m_fastPath; }
    uint32_t GetScaleUnits() const { return m_scaleUnits; }
    uint32_t GetAsn() const { return m_asn; }
    Time GetRouteProgrammingDelay() const { return m_routeProgrammingDelay; }
    ErGatewaySkuInfo GetSkuInfo() const { return GetErGatewaySkuInfo(m_sku, m_scaleUnits); }
    DataRate GetThroughput() const { return DataRate(GetSkuInfo().throughputBps); }

    Ptr<Node> GetNode() const { return m_node; }
    void SetNode(Ptr<Node> node) { m_node = node; }
    /// The data path that caps what the gateway forwards (set by the topology builder).
    Ptr<GatewayDataPath> GetDataPath() const { return m_dataPath; }
    void SetDataPath(Ptr<GatewayDataPath> d) { m_dataPath = d; }

  protected:
    void DoDispose() override;

  private:
    ErGatewaySku m_sku{ErGatewaySku::ErGw1Az};
    bool m_fastPath{false};
    uint32_t m_scaleUnits{1};
    uint32_t m_asn{kGatewayAsn};
    Time m_routeProgrammingDelay;
    Ptr<Node> m_node;
    Ptr<GatewayDataPath> m_dataPath;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_ER_GATEWAY_H
