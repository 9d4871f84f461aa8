// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-constant-rate-sender.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteConstantRateSender");
NS_OBJECT_ENSURE_REGISTERED(ConstantRateSender);

TypeId
ConstantRateSender::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::ConstantRateSender")
            .SetParent<Application>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<ConstantRateSender>()
            .AddAttribute("Remote",
                          "Where the packets go (an InetSocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&ConstantRateSender::m_remote),
                          MakeAddressChecker())
            .AddAttribute("DataRate",
                          "Mean rate of the payload bits (as OnOffApplication's DataRate: a "
                          "packet of PacketSize bytes every PacketSize x 8 / DataRate seconds on "
                          "average). May change while the application runs (diurnal steps): the "
                          "gap already drawn is kept, the next ones use the new rate.",
                          DataRateValue(DataRate("1Mbps")),
                          MakeDataRateAccessor(&ConstantRateSender::m_rate),
                          MakeDataRateChecker())
            .AddAttribute("PacketSize",
                          "UDP payload bytes per packet.",
                          UintegerValue(1200),
                          MakeUintegerAccessor(&ConstantRateSender::m_packetSize),
                          MakeUintegerChecker<uint32_t>(1, 65507))
            .AddAttribute("Jitter",
                          "Each gap between two packets is its nominal length x (1 + U(-Jitter, "
                          "+Jitter)), so the mean rate is kept. 0 sends at exact intervals (as "
                          "OnOffApplication). No published figure: 0.1 is the model's assumption "
                          "(a host's timers and NIC queue, enough to break the phase lock of "
                          "flows started together at a policer).",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&ConstantRateSender::m_jitter),
                          MakeDoubleChecker<double>(0.0, 0.99))
            .AddTraceSource("Tx",
                            "A packet was sent.",
                            MakeTraceSourceAccessor(&ConstantRateSender::m_tx),
                            "ns3::Packet::TracedCallback");
    return tid;
}

ConstantRateSender::ConstantRateSender()
    : m_random(CreateObject<UniformRandomVariable>())
{
}

ConstantRateSender::~ConstantRateSender() = default;

int64_t
ConstantRateSender::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
ConstantRateSender::DoDispose()
{
    m_next.Cancel();
    m_socket = nullptr;
    m_random = nullptr;
    Application::DoDispose();
}

void
ConstantRateSender::StartApplication()
{
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        if (m_socket->Bind() != 0 || m_socket->Connect(m_remote) != 0)
        {
            NS_FATAL_ERROR("ConstantRateSender: cannot open a UDP socket to its remote");
        }
        m_socket->ShutdownRecv();
    }
    Send();
}

void
ConstantRateSender::StopApplication()
{
    m_next.Cancel();
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
ConstantRateSender::Send()
{
    Ptr<Packet> packet = Create<Packet>(m_packetSize);
    m_tx(packet);
    m_socket->Send(packet);
    ScheduleNext();
}

void
ConstantRateSender::ScheduleNext()
{
    const double nominal =
        static_cast<double>(m_packetSize) * 8.0 / static_cast<double>(m_rate.GetBitRate());
    const double factor = m_jitter > 0 ? 1.0 + m_random->GetValue(-m_jitter, m_jitter) : 1.0;
    m_next = Simulator::Schedule(Seconds(nominal * factor), &ConstantRateSender::Send, this);
}

} // namespace expressroute
} // namespace ns3
