// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_MSEE_FAILURE_H
#define EXPRESSROUTE_FAILURE_MSEE_FAILURE_H

// One MSEE fails: every link of the router stops (Silent, the default: a crashed router whose
// neighbours keep their interfaces up) or goes down (Signalled). Fact sheet §2, §8.

#include "expressroute-failure.h"

namespace ns3
{
namespace expressroute
{

class MseeFailure : public LinkSetFailure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::Msee; }

  protected:
    std::string DoBind() override;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_MSEE_FAILURE_H
