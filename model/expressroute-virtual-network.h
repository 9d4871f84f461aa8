// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_VIRTUAL_NETWORK_H
#define EXPRESSROUTE_VIRTUAL_NETWORK_H

#include "expressroute-er-gateway.h"
#include "expressroute-ipv4-prefix.h"

#include "ns3/node.h"
#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * An Azure virtual network: address space in one region, VM hosts, and the ExpressRoute gateway
 * through which circuits reach it. The gateway advertises whole address spaces, not subnets
 * (references.md §1, FAQ).
 */
class VirtualNetwork : public Object
{
  public:
    static TypeId GetTypeId();

    const std::string& GetName() const { return m_name; }
    const std::string& GetRegion() const { return m_region; }
    uint32_t GetHostCount() const { return m_hosts; }

    void SetAddressSpace(std::vector<Ipv4Prefix> space) { m_space = std::move(space); }
    const std::vector<Ipv4Prefix>& GetAddressSpace() const { return m_space; }

    void SetGateway(Ptr<ErGateway> gateway) { m_gateway = gateway; }
    Ptr<ErGateway> GetGateway() const { return m_gateway; }
    void AddHost(Ptr<Node> node) { m_hostNodes.push_back(node); }
    const std::vector<Ptr<Node>>& GetHosts() const { return m_hostNodes; }

  protected:
    void DoDispose() override;

  private:
    std::string m_name;
    std::string m_region;
    uint32_t m_hosts{1};
    std::vector<Ipv4Prefix> m_space;
    Ptr<ErGateway> m_gateway;
    std::vector<Ptr<Node>> m_hostNodes;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_VIRTUAL_NETWORK_H
