// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-backbone-channel.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteBackboneChannel");
NS_OBJECT_ENSURE_REGISTERED(BackboneChannel);

TypeId
BackboneChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::BackboneChannel")
            .SetParent<PointToPointChannel>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<BackboneChannel>()
            .AddAttribute("JitterRatio",
                          "Largest extra one-way delay of a packet on this backbone link, as a "
                          "fraction of the link's delay: each packet gets delay x (1 + U(0, "
                          "ratio)), in order (a packet never overtakes the one ahead of it). 0 "
                          "(default): no jitter, the fitted P50 delay exactly. A model "
                          "assumption: Microsoft publishes P50 round-trip times only; Azure "
                          "Connection Monitor RTTs vary by a few percent (doc/backbone.md).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&BackboneChannel::m_jitterRatio),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

BackboneChannel::BackboneChannel()
    : m_uniform(CreateObject<UniformRandomVariable>())
{
}

BackboneChannel::~BackboneChannel() = default;

double
BackboneChannel::GetDefaultJitterRatio()
{
    TypeId::AttributeInformation info;
    const bool found = GetTypeId().LookupAttributeByName("JitterRatio", &info);
    NS_ASSERT(found);
    return DynamicCast<const DoubleValue>(info.initialValue)->Get();
}

int64_t
BackboneChannel::AssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

bool
BackboneChannel::TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime)
{
    if (m_jitterRatio <= 0)
    {
        return PointToPointChannel::TransmitStart(p, src, txTime);
    }
    NS_ASSERT_MSG(IsInitialized(), "backbone channel used before both ends are attached");
    const uint32_t wire = src == GetSource(0) ? 0 : 1;
    Ptr<PointToPointNetDevice> dst = GetDestination(wire);
    const Time delay = GetDelay();
    const Time extra = NanoSeconds(static_cast<int64_t>(
        m_uniform->GetValue(0, m_jitterRatio * static_cast<double>(delay.GetNanoSeconds()))));
    const Time now = Simulator::Now();
    // In order per direction, as on a real fibre: the jitter stands for queueing in routers
    // along the link, which keeps a flow's packets in order.
    const Time arrival = std::max(m_lastArrival[wire], now + txTime + delay + extra);
    m_lastArrival[wire] = arrival;
    NS_LOG_LOGIC("wire=" << wire << " extra=" << extra.As(Time::US));
    Simulator::ScheduleWithContext(dst->GetNode()->GetId(),
                                   arrival - now,
                                   &PointToPointNetDevice::Receive,
                                   dst,
                                   p->Copy());
    return true;
}

} // namespace expressroute
} // namespace ns3
