// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-msee-failure.h"

#include "expressroute-topology.h"
#include "expressroute-msee.h"

#include "ns3/node.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(MseeFailure);

TypeId
MseeFailure::GetTypeId()
{
    static TypeId tid = AddModeAttribute(TypeId("ns3::expressroute::MseeFailure")
            .SetParent<LinkSetFailure>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<MseeFailure>());
    return tid;
}

std::string
MseeFailure::DoBind()
{
    const auto slash = m_target.rfind('/');
    auto role = slash == std::string::npos ? std::nullopt : ParseTargetRole(m_target.substr(slash + 1));
    Ptr<Msee> msee = role ? m_topology->GetMsee(m_target.substr(0, slash), *role) : nullptr;
    if (!msee)
    {
        std::string known;
        for (const auto& [name, m] : m_topology->GetMsees())
        {
            known += (known.empty() ? "" : ", ") + m->GetPeeringLocation() + "/" + ToString(m->GetRole());
        }
        return "no MSEE '" + m_target + "' (MSEEs: " + known + ")";
    }
    return SetLinks(LinksOf(msee->GetNode()->GetId()));
}

} // namespace expressroute
} // namespace ns3
