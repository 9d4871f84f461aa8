// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-virtual-network.h"

#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(VirtualNetwork);

TypeId
VirtualNetwork::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::VirtualNetwork")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<VirtualNetwork>()
            .AddAttribute("Name",
                          "VNet name, as written in the scenario.",
                          StringValue(""),
                          MakeStringAccessor(&VirtualNetwork::m_name),
                          MakeStringChecker())
            .AddAttribute("Region",
                          "Azure region of the VNet.",
                          StringValue(""),
                          MakeStringAccessor(&VirtualNetwork::m_region),
                          MakeStringChecker())
            .AddAttribute("Hosts",
                          "Number of VM host nodes in the VNet.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&VirtualNetwork::m_hosts),
                          MakeUintegerChecker<uint32_t>(1, 64));
    return tid;
}

void
VirtualNetwork::DoDispose()
{
    m_gateway = nullptr;
    m_hostNodes.clear();
    Object::DoDispose();
}

} // namespace expressroute
} // namespace ns3
