// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-customer-site.h"

#include "ns3/double.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace expressroute
{

NS_OBJECT_ENSURE_REGISTERED(CustomerSite);

TypeId
CustomerSite::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::CustomerSite")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<CustomerSite>()
            .AddAttribute("Name",
                          "Site name, as written in the scenario.",
                          StringValue(""),
                          MakeStringAccessor(&CustomerSite::m_name),
                          MakeStringChecker())
            .AddAttribute("Asn",
                          "Customer ASN; 16- and 32-bit ASNs are supported, 12076 and "
                          "65515-65520 are Microsoft's ("
                          "https://learn.microsoft.com/azure/expressroute/expressroute-routing).",
                          UintegerValue(65000),
                          MakeUintegerAccessor(&CustomerSite::m_asn),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Hosts",
                          "Number of host nodes behind the CE routers.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&CustomerSite::m_hosts),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("CeRouters",
                          "Number of CE routers, 1 or 2; with 2 the circuit's primary and "
                          "secondary links land on different routers ("
                          "https://learn.microsoft.com/azure/expressroute/"
                          "designing-for-high-availability-with-expressroute).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&CustomerSite::m_ceRouters),
                          MakeUintegerChecker<uint32_t>(1, 2))
            .AddAttribute("Latitude",
                          "Latitude in degrees.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&CustomerSite::m_latitude),
                          MakeDoubleChecker<double>(-90, 90))
            .AddAttribute("Longitude",
                          "Longitude in degrees.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&CustomerSite::m_longitude),
                          MakeDoubleChecker<double>(-180, 180));
    return tid;
}

void
CustomerSite::DoDispose()
{
    m_ce.clear();
    m_hostNodes.clear();
    Object::DoDispose();
}

} // namespace expressroute
} // namespace ns3
