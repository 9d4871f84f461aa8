// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-gateway-instance-failure.h"

#include "expressroute-er-gateway.h"
#include "expressroute-gateway-data-path.h"
#include "expressroute-topology.h"
#include "expressroute-virtual-network.h"

#include "ns3/uinteger.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(GatewayInstanceFailure);

TypeId
GatewayInstanceFailure::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::GatewayInstanceFailure")
            .SetParent<Failure>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<GatewayInstanceFailure>()
            .AddAttribute("Instance",
                          "Index of the instance that fails (0 .. instances - 1).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&GatewayInstanceFailure::m_instance),
                          MakeUintegerChecker<uint32_t>(0, 63));
    return tid;
}

void
GatewayInstanceFailure::DoDispose()
{
    m_dataPath = nullptr;
    Failure::DoDispose();
}

std::string
GatewayInstanceFailure::DoBind()
{
    auto vnet = m_topology->GetVnet(m_target);
    if (!vnet || !vnet->GetGateway() || !vnet->GetGateway()->GetDataPath())
    {
        return "no VNet '" + m_target + "' with an ExpressRoute gateway";
    }
    m_dataPath = vnet->GetGateway()->GetDataPath();
    if (m_instance >= m_dataPath->GetInstances())
    {
        m_bindErrorField = "instance";
        return "the gateway of VNet '" + m_target + "' has " +
               std::to_string(m_dataPath->GetInstances()) + " instances (0 to " +
               std::to_string(m_dataPath->GetInstances() - 1) + "), not " +
               std::to_string(m_instance);
    }
    m_detail = "instance=" + std::to_string(m_instance) + " of " +
               std::to_string(m_dataPath->GetInstances());
    return "";
}

void
GatewayInstanceFailure::DoStart()
{
    m_dataPath->SetInstanceUp(m_instance, false);
}

void
GatewayInstanceFailure::DoClear()
{
    m_dataPath->SetInstanceUp(m_instance, true);
}

} // namespace expressroute
} // namespace ns3
