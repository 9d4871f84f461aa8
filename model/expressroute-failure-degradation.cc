// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-failure-degradation.h"

#include "expressroute-topology.h"
#include "expressroute-link-impairments.h"

#include "ns3/node.h"
#include "ns3/double.h"

#include <algorithm>
#include <sstream>

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(Degradation);

TypeId
Degradation::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::Degradation")
                            .SetParent<Failure>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<Degradation>()
            .AddAttribute("LossRate",
                          "Probability that a packet is lost, on each side of the link.",
                          DoubleValue(0.01),
                          MakeDoubleAccessor(&Degradation::m_lossRate),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("AddedDelay",
                          "Extra one-way propagation delay.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&Degradation::m_addedDelay),
                          MakeTimeChecker(Time(0)));
    return tid;
}

std::string
Degradation::DoBind()
{
    auto link = m_topology->FindLink(m_target);
    if (!link)
    {
        link = m_topology->FindLink("circuit/" + m_target);
    }
    const std::string backbone = "backbone/";
    const auto sep = m_target.find("--");
    if (!link && m_target.rfind(backbone, 0) == 0 && sep != std::string::npos)
    {
        // A backbone link is named in either order, as BackboneLinkCut takes it.
        link = m_topology->FindLink(backbone + m_target.substr(sep + 2) + "--" +
                                    m_target.substr(backbone.size(), sep - backbone.size()));
    }
    if (!link)
    {
        return "no link '" + m_target +
               "' (give <circuit>/<primary|secondary> or a link name such as "
               "backbone/<region>--<region>)";
    }
    m_link = *link;
    std::ostringstream detail;
    detail << "loss=" << m_lossRate << " added_delay_ms=" << m_addedDelay.GetMilliSeconds();
    m_detail = detail.str();
    return "";
}

void
Degradation::DoStart()
{
    m_topology->GetImpairments()->Degrade(m_link, m_lossRate, m_addedDelay);
}

void
Degradation::DoClear()
{
    m_topology->GetImpairments()->ClearDegradation(m_link);
}

} // namespace expressroute
} // namespace ns3
