// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_CONSTANT_RATE_SENDER_H
#define EXPRESSROUTE_CONSTANT_RATE_SENDER_H

// Constant-rate UDP as a host sends it: packets of one size at a mean rate, each gap between
// two packets drawn uniformly within +-Jitter of its nominal length (the mean rate is kept).
//
// ns-3's OnOffApplication sends at exact intervals. Flows started together at one rate then
// reach a policer in the same order in every period, and a token bucket refilled between
// periods serves the same flows first each time: some flows lose nothing and others nearly
// everything (16 flows of 100 Mbit/s into a 500 Mbit/s gateway instance: 0 % to 94 % loss per
// flow). A host's timers, interrupts and NIC queue do not keep that phase; with a few per cent
// of jitter each flow loses about the same share at a policer or a full queue, which is what a
// fluid model (the flow engine) assumes and what measurements of policed UDP show.

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/data-rate.h"
#include "ns3/event-id.h"
#include "ns3/traced-callback.h"

namespace ns3
{
class Socket;
class Packet;
class UniformRandomVariable;

namespace expressroute
{

class ConstantRateSender : public Application
{
  public:
    static TypeId GetTypeId();
    ConstantRateSender();
    ~ConstantRateSender() override;

    /// The socket once the application has started (null before).
    Ptr<Socket> GetSocket() const { return m_socket; }
    /// Fixes the jitter's random stream; returns the number of streams used (1).
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void Send();
    void ScheduleNext();

    Address m_remote;
    DataRate m_rate{DataRate("1Mbps")};
    uint32_t m_packetSize{1200};
    double m_jitter{0.1};
    Ptr<Socket> m_socket;
    Ptr<UniformRandomVariable> m_random;
    EventId m_next;
    TracedCallback<Ptr<const Packet>> m_tx;
};

} // namespace expressroute
} // namespace ns3

#endif
