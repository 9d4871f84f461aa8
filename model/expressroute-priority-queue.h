// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_PRIORITY_QUEUE_H
#define EXPRESSROUTE_PRIORITY_QUEUE_H

// The transmit queue of an interface: network control ahead of data. Routers put routing
// protocols in a strict-priority class (RFC 4594 §3.2: Network Control, DSCP CS6, is for routing
// traffic such as BGP; BFD is sent as CS6 too), so that a full link drops data, not its sessions:
// the MSEEs police what exceeds the purchased bandwidth while BGP and BFD stay up (references.md §4).
//
// One drop-tail FIFO of MaxSize packets in which a packet whose DSCP is at least PriorityDscp
// goes ahead of every data packet (behind the control packets already waiting); when the queue
// is full, a control packet pushes the last data packet out (counted as a drop) instead of being
// dropped. It is the device's own queue, not a traffic-control queue disc: a queue disc on every
// hop costs the packet engine ~15 % of its speed, this costs a 4-byte peek per packet. The
// point-to-point devices run without flow control, so every drop happens here and fires Drop.
// The packets carry their PPP header here (the device adds it before queueing).

#include "ns3/packet.h"
#include "ns3/queue.h"

namespace ns3
{
namespace expressroute
{

class PriorityQueue : public Queue<Packet>
{
  public:
    static TypeId GetTypeId();
    PriorityQueue();
    ~PriorityQueue() override;

    bool Enqueue(Ptr<Packet> packet) override;
    Ptr<Packet> Dequeue() override;
    Ptr<Packet> Remove() override;
    Ptr<const Packet> Peek() const override;

    /// True if @p packet (PPP-framed IPv4) is network control: DSCP at least PriorityDscp.
    bool IsControl(Ptr<const Packet> packet) const;

  private:
    uint8_t m_priorityDscp{48};
    uint32_t m_control{0}; ///< control packets waiting, all at the head of the queue
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_PRIORITY_QUEUE_H
