// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-link-failure.h"

#include "expressroute-topology.h"

#include "ns3/node.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(LinkFailure);

TypeId
LinkFailure::GetTypeId()
{
    static TypeId tid = AddModeAttribute(TypeId("ns3::expressroute::LinkFailure")
            .SetParent<LinkSetFailure>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<LinkFailure>());
    return tid;
}

std::string
LinkFailure::DoBind()
{
    std::string error;
    auto link = FindCircuitLink(m_target, error);
    if (!link && m_target.rfind("wan/", 0) == 0)
    {
        // A site link of the customer's WAN.
        link = m_topology->FindLink(m_target);
        if (link)
        {
            error.clear();
        }
        else
        {
            error = "no site link '" + m_target.substr(4) + "'";
        }
    }
    return SetLinks(link ? std::vector<std::size_t>{*link} : std::vector<std::size_t>{}, error);
}

} // namespace expressroute
} // namespace ns3
