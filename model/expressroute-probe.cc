// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-probe.h"

#include "expressroute-enum-attribute.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <cstring>
#include <optional>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteProbe");
NS_OBJECT_ENSURE_REGISTERED(ProbeSender);
NS_OBJECT_ENSURE_REGISTERED(ProbeResponder);

namespace
{
/// Probe payload: sequence number (4 bytes, network order), then padding.
constexpr uint32_t kHeaderBytes = 4;
} // namespace

TypeId
ProbeSender::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::ProbeSender")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<ProbeSender>()
            .AddAttribute("Interval",
                          "Time between probes. Azure's Connection Monitor frequency is set by "
                          "the user (its default is unconfirmed, "
                          "https://learn.microsoft.com/azure/expressroute/"
                          "how-to-configure-connection-monitor); 1 s resolves "
                          "failovers to the second.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&ProbeSender::m_interval),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("Timeout",
                          "A probe without an answer after this time counts as failed.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&ProbeSender::m_timeout),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("Size",
                          "Probe payload in bytes (a TCP SYN is 40-60 bytes on the wire).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&ProbeSender::m_size),
                          MakeUintegerChecker<uint32_t>(kHeaderBytes, 1400))
            .AddAttribute("Protocol",
                          "Udp: an echo over one socket; Tcp: a TCP handshake per probe to the "
                          "agent's port, as Connection Monitor's TCP test ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "monitor-expressroute-reference).",
                          EnumClassValue(ProbeProtocol::Udp),
                          MakeEnumClassAccessor(&ProbeSender::m_protocol),
                          MakeEnumClassChecker<ProbeProtocol>(
                              std::vector<std::string>{"Udp", "Tcp"},
                              [](const std::string& s) -> std::optional<ProbeProtocol> {
                                  if (s == "Udp")
                                  {
                                      return ProbeProtocol::Udp;
                                  }
                                  if (s == "Tcp")
                                  {
                                      return ProbeProtocol::Tcp;
                                  }
                                  return std::nullopt;
                              }))
            .AddTraceSource("ProbeCompleted",
                            "A probe was answered (with its round-trip time) or timed out.",
                            MakeTraceSourceAccessor(&ProbeSender::m_completed),
                            "ns3::expressroute::ProbeSender::ProbeCompletedCallback");
    return tid;
}

ProbeSender::ProbeSender() = default;
ProbeSender::~ProbeSender() = default;

void
ProbeSender::SetRemote(Ipv4Address address, uint16_t port)
{
    m_peer = address;
    m_peerPort = port;
}

void
ProbeSender::DoDispose()
{
    Simulator::Cancel(m_sendEvent);
    for (auto& [seq, entry] : m_pending)
    {
        Simulator::Cancel(entry.second);
    }
    m_socket = nullptr;
    m_tcp.clear();
    m_pending.clear();
    Application::DoDispose();
}

void
ProbeSender::StartApplication()
{
    if (m_protocol == ProbeProtocol::Udp)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetRecvCallback(MakeCallback(&ProbeSender::HandleRead, this));
    }
    m_sending = true;
    SendProbe();
}

void
ProbeSender::StopApplication()
{
    // No new probe; those in flight are still answered or time out (the run's receivers listen
    // a second longer), so that every probe sent counts, as the flow engine counts it.
    Simulator::Cancel(m_sendEvent);
    m_sending = false;
    if (m_pending.empty())
    {
        Close();
    }
}

void
ProbeSender::Resolved()
{
    if (!m_sending && m_pending.empty())
    {
        Close();
    }
}

void
ProbeSender::Close()
{
    for (auto& [seq, socket] : m_tcp)
    {
        socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                   MakeNullCallback<void, Ptr<Socket>>());
        socket->Close();
    }
    m_tcp.clear();
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
ProbeSender::Connected(uint32_t seq, Ptr<Socket> socket)
{
    auto it = m_pending.find(seq);
    socket->Close(); // handshake done: FIN, as a connection test closes
    m_tcp.erase(seq);
    if (it == m_pending.end())
    {
        return; // after the timeout: already counted as failed
    }
    const Time sent = it->second.first;
    Simulator::Cancel(it->second.second);
    m_pending.erase(it);
    m_completed(seq, sent, Simulator::Now() - sent, true);
    Resolved();
}

void
ProbeSender::SendProbe()
{
    if (m_protocol == ProbeProtocol::Tcp)
    {
        const uint32_t seq = m_seq++;
        auto socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
        socket->Bind();
        socket->SetConnectCallback(
            Callback<void, Ptr<Socket>>([this, seq](Ptr<Socket> s) { Connected(seq, s); }),
            MakeNullCallback<void, Ptr<Socket>>()); // a refusal fails at the timeout
        m_tcp[seq] = socket;
        m_pending[seq] = {Simulator::Now(),
                          Simulator::Schedule(m_timeout, &ProbeSender::Expire, this, seq)};
        socket->Connect(InetSocketAddress(m_peer, m_peerPort));
        m_sendEvent = Simulator::Schedule(m_interval, &ProbeSender::SendProbe, this);
        return;
    }
    std::vector<uint8_t> buf(m_size, 0);
    const uint32_t seq = m_seq++;
    buf[0] = static_cast<uint8_t>(seq >> 24);
    buf[1] = static_cast<uint8_t>(seq >> 16);
    buf[2] = static_cast<uint8_t>(seq >> 8);
    buf[3] = static_cast<uint8_t>(seq);
    auto packet = Create<Packet>(buf.data(), m_size);
    const Time now = Simulator::Now();
    // A probe that cannot even leave (no route) fails like one that is lost on the way.
    m_socket->SendTo(packet, 0, InetSocketAddress(m_peer, m_peerPort));
    m_pending[seq] = {now, Simulator::Schedule(m_timeout, &ProbeSender::Expire, this, seq)};
    m_sendEvent = Simulator::Schedule(m_interval, &ProbeSender::SendProbe, this);
}

void
ProbeSender::Expire(uint32_t seq)
{
    auto it = m_pending.find(seq);
    if (it == m_pending.end())
    {
        return;
    }
    const Time sent = it->second.first;
    m_pending.erase(it);
    if (auto t = m_tcp.find(seq); t != m_tcp.end())
    {
        t->second->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                      MakeNullCallback<void, Ptr<Socket>>());
        t->second->Close(); // give up the handshake
        m_tcp.erase(t);
    }
    NS_LOG_INFO("probe=lost seq=" << seq);
    m_completed(seq, sent, Time(0), false);
    Resolved();
}

void
ProbeSender::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        if (packet->GetSize() < kHeaderBytes)
        {
            continue;
        }
        uint8_t head[kHeaderBytes];
        packet->CopyData(head, kHeaderBytes);
        const uint32_t seq = static_cast<uint32_t>(head[0]) << 24 |
                             static_cast<uint32_t>(head[1]) << 16 |
                             static_cast<uint32_t>(head[2]) << 8 | head[3];
        auto it = m_pending.find(seq);
        if (it == m_pending.end())
        {
            continue; // late answer after the timeout: already counted as failed
        }
        const Time sent = it->second.first;
        Simulator::Cancel(it->second.second);
        m_pending.erase(it);
        m_completed(seq, sent, Simulator::Now() - sent, true);
    }
    Resolved();
}

TypeId
ProbeResponder::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::ProbeResponder")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<ProbeResponder>()
            .AddAttribute("Port",
                          "Port the agent listens on; Connection Monitor's default is 8084 "
                          "("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "how-to-configure-connection-monitor).",
                          UintegerValue(8084),
                          MakeUintegerAccessor(&ProbeResponder::m_port),
                          MakeUintegerChecker<uint16_t>());
    return tid;
}

ProbeResponder::ProbeResponder() = default;
ProbeResponder::~ProbeResponder() = default;

void
ProbeResponder::DoDispose()
{
    m_socket = nullptr;
    m_listener = nullptr;
    Application::DoDispose();
}

void
ProbeResponder::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_socket->SetRecvCallback(MakeCallback(&ProbeResponder::HandleRead, this));
    // TCP probes: accept every handshake; the prober closes the connection.
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_listener->Listen();
    m_listener->SetAcceptCallback(
        MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
        Callback<void, Ptr<Socket>, const Address&>([](Ptr<Socket> s, const Address&) {
            s->SetCloseCallbacks(
                Callback<void, Ptr<Socket>>([](Ptr<Socket> c) { c->Close(); }),
                MakeNullCallback<void, Ptr<Socket>>());
        }));
}

void
ProbeResponder::StopApplication()
{
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
    if (m_listener)
    {
        m_listener->Close();
    }
}

void
ProbeResponder::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        socket->SendTo(packet, 0, from);
    }
}

} // namespace expressroute
} // namespace ns3
