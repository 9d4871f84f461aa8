// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-priority-queue.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <iterator>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRoutePriorityQueue");
NS_OBJECT_ENSURE_REGISTERED(PriorityQueue);

namespace
{
constexpr uint16_t kPppIpv4 = 0x0021; ///< PPP protocol number of IPv4 (RFC 1332)
} // namespace

TypeId
PriorityQueue::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::PriorityQueue")
            .SetParent<Queue<Packet>>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<PriorityQueue>()
            .AddAttribute("MaxSize",
                          "Packets the interface buffers before it drops data (100, ns-3's "
                          "default device queue).",
                          QueueSizeValue(QueueSize("100p")),
                          MakeQueueSizeAccessor(&QueueBase::SetMaxSize, &QueueBase::GetMaxSize),
                          MakeQueueSizeChecker())
            .AddAttribute("PriorityDscp",
                          "Packets whose DSCP is at least this value go ahead of data. 48 is "
                          "CS6, Network Control (RFC 4594 §3.2), which BGP and BFD are sent "
                          "with (BgpSpeaker::Dscp, BfdAgent::Dscp); CS7 (56) is included.",
                          UintegerValue(48),
                          MakeUintegerAccessor(&PriorityQueue::m_priorityDscp),
                          MakeUintegerChecker<uint8_t>(0, 63));
    return tid;
}

PriorityQueue::PriorityQueue() = default;
PriorityQueue::~PriorityQueue() = default;

bool
PriorityQueue::IsControl(Ptr<const Packet> packet) const
{
    // PPP protocol (2 bytes), then the IPv4 header: version/IHL, then the DS field.
    uint8_t bytes[4];
    if (packet->CopyData(bytes, 4) < 4 || (bytes[0] << 8 | bytes[1]) != kPppIpv4)
    {
        return false;
    }
    return (bytes[3] >> 2) >= m_priorityDscp;
}

bool
PriorityQueue::Enqueue(Ptr<Packet> packet)
{
    if (!IsControl(packet))
    {
        return DoEnqueue(GetContainer().end(), packet);
    }
    if (GetCurrentSize() + packet > GetMaxSize() && GetNPackets() > m_control)
    {
        DoRemove(std::prev(GetContainer().end())); // the newest data packet makes room
    }
    if (!DoEnqueue(std::next(GetContainer().begin(), m_control), packet))
    {
        return false;
    }
    ++m_control;
    return true;
}

Ptr<Packet>
PriorityQueue::Dequeue()
{
    auto packet = DoDequeue(GetContainer().begin());
    if (packet && m_control > 0)
    {
        --m_control;
    }
    return packet;
}

Ptr<Packet>
PriorityQueue::Remove()
{
    auto packet = DoRemove(GetContainer().begin());
    if (packet && m_control > 0)
    {
        --m_control;
    }
    return packet;
}

Ptr<const Packet>
PriorityQueue::Peek() const
{
    return DoPeek(GetContainer().begin());
}

} // namespace expressroute
} // namespace ns3
