// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_PROBE_H
#define EXPRESSROUTE_PROBE_H

// Connection-monitor-style probes between an on-premises agent and a VNet agent (references.md §9,
// CMON): the sender sends one probe per interval to port 8084, the responder echoes it, and the
// sender reports each probe's round-trip time or its failure after a timeout. Azure's Connection
// Monitor uses TCP handshakes; this model uses a UDP echo of the same size and rhythm so that a
// probe is exactly one packet each way (a TCP variant belongs with the what-if engine).

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3
{
class Socket;
class Packet;
class Address;

namespace expressroute
{

/// How a probe tests the path: a UDP echo, or a TCP handshake (SYN to SYN-ACK) as Azure's
/// Connection Monitor does (references.md §9, CMON).
enum class ProbeProtocol
{
    Udp,
    Tcp
};

/**
 * Sends probes and reports each one's outcome through the ProbeCompleted trace. UDP probes
 * share one socket (one 5-tuple, one ECMP path); each TCP probe opens a new connection (a new
 * source port, so probes spread over equal-cost paths as connection-monitor tests do), times
 * the handshake, and closes it.
 */
class ProbeSender : public Application
{
  public:
    /// Outcome of one probe: sequence number, send time, round-trip time (zero on failure),
    /// success.
    typedef void (*ProbeCompletedCallback)(uint32_t seq, Time sent, Time rtt, bool success);

    static TypeId GetTypeId();
    ProbeSender();
    ~ProbeSender() override;

    void SetRemote(Ipv4Address address, uint16_t port);
    uint32_t GetSent() const { return m_seq; }

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void SendProbe();
    void HandleRead(Ptr<Socket> socket);
    void Expire(uint32_t seq);
    /// A probe was answered or timed out: once stopped and none is left, the sockets close.
    void Resolved();
    void Close();
    void Connected(uint32_t seq, Ptr<Socket> socket);

    Time m_interval;
    Time m_timeout;
    uint32_t m_size;
    Ipv4Address m_peer;
    uint16_t m_peerPort{8084};
    ProbeProtocol m_protocol{ProbeProtocol::Udp};
    Ptr<Socket> m_socket;
    std::map<uint32_t, Ptr<Socket>> m_tcp; ///< seq -> connection of a pending TCP probe
    uint32_t m_seq{0};
    EventId m_sendEvent;
    std::map<uint32_t, std::pair<Time, EventId>> m_pending; ///< seq -> (sent, timeout event)
    bool m_sending{false}; ///< started and not stopped: new probes go out
    TracedCallback<uint32_t, Time, Time, bool> m_completed;
};

/**
 * Echoes every probe it receives back to its sender.
 */
class ProbeResponder : public Application
{
  public:
    static TypeId GetTypeId();
    ProbeResponder();
    ~ProbeResponder() override;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleRead(Ptr<Socket> socket);

    uint16_t m_port;
    Ptr<Socket> m_socket;
    Ptr<Socket> m_listener; ///< TCP: accepts handshakes on the same port
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_PROBE_H
