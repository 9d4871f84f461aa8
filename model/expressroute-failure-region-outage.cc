// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-region-outage.h"

#include "expressroute-topology.h"
#include "expressroute-er-gateway.h"
#include "expressroute-virtual-network.h"

#include "ns3/node.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(RegionOutage);

TypeId
RegionOutage::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::RegionOutage")
            .SetParent<LinkSetFailure>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<RegionOutage>();
    return tid;
}

std::string
RegionOutage::DoBind()
{
    std::vector<std::size_t> links;
    std::string known;
    for (const auto& [name, vnet] : m_topology->GetVnets())
    {
        if (vnet->GetRegion() != m_target)
        {
            known += (known.empty() ? "" : ", ") + vnet->GetRegion();
            continue;
        }
        for (std::size_t l : LinksOf(vnet->GetGateway()->GetNode()->GetId()))
        {
            links.push_back(l);
        }
        // Its VPN gateway too: the sites it joins (a VPN hub) lose each other with the region.
        if (auto vpn = m_topology->FindNode("vnet/" + name + "/vpngw"))
        {
            for (std::size_t l : LinksOf(vpn->GetId()))
            {
                links.push_back(l);
            }
        }
        for (const auto& host : vnet->GetHosts())
        {
            for (std::size_t l : LinksOf(host->GetId()))
            {
                links.push_back(l);
            }
        }
    }
    if (links.empty())
    {
        return "no VNet in region '" + m_target + "' (regions with VNets: " + known + ")";
    }
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());
    m_mode = FailureMode::Signalled;
    return SetLinks(links);
}

} // namespace expressroute
} // namespace ns3
