// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-peering-location-outage.h"

#include "expressroute-topology.h"
#include "expressroute-msee.h"

#include "ns3/node.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(PeeringLocationOutage);

TypeId
PeeringLocationOutage::GetTypeId()
{
    static TypeId tid = AddModeAttribute(TypeId("ns3::expressroute::PeeringLocationOutage")
            .SetParent<LinkSetFailure>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<PeeringLocationOutage>());
    return tid;
}

std::string
PeeringLocationOutage::DoBind()
{
    std::vector<std::size_t> links;
    std::string known;
    for (const auto& [name, m] : m_topology->GetMsees())
    {
        if (m->GetPeeringLocation() == m_target)
        {
            for (std::size_t l : LinksOf(m->GetNode()->GetId()))
            {
                links.push_back(l);
            }
        }
        else if (known.find(m->GetPeeringLocation()) == std::string::npos)
        {
            known += (known.empty() ? "" : ", ") + m->GetPeeringLocation();
        }
    }
    if (links.empty())
    {
        return "no circuit at peering location '" + m_target + "' (locations with circuits: " +
               known + ")";
    }
    return SetLinks(links);
}

} // namespace expressroute
} // namespace ns3
