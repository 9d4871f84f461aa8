// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-global-reach.h"

#include "ns3/string.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(GlobalReach);

TypeId
GlobalReach::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::GlobalReach")
                            .SetParent<Object>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<GlobalReach>()
                            .AddAttribute("Name",
                                          "Global Reach connection name.",
                                          StringValue(""),
                                          MakeStringAccessor(&GlobalReach::m_name),
                                          MakeStringChecker());
    return tid;
}

} // namespace expressroute
} // namespace ns3
