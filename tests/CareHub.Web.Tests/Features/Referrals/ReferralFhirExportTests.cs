using System.Text.Json;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Web.Features.Referrals;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using FhirTask = Hl7.Fhir.Model.Task;
using Patient = CareHub.Domain.Patients.Patient;

namespace CareHub.Web.Tests.Features.Referrals;

/// <summary>
/// A referral as a FHIR R4 Bundle (ServiceRequest + Task, Gravity SDOH referral shape): written with the Firely
/// serializer and read back with <see cref="FhirJsonDeserializer"/> (strict), every Gravity status, the priorities, the
/// milestones and the outcome, and what a sensitive (42 CFR Part 2) referral shows with and without a need to know.
/// </summary>
public sealed class ReferralFhirExportTests
{
    private const string Destination = "Riverside Cardiology Associates";
    private const string Reason = "Heart failure follow-up, EF 35%";
    private const string SudDestination = "New Path Recovery Center";
    private const string SudReason = "Alcohol use disorder, requests treatment";

    private static readonly DateTimeOffset Created = new(2025, 3, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExportedAt = new(2025, 4, 1, 9, 30, 0, TimeSpan.Zero);

    private static readonly Patient ThePatient = new("91234567", "GENHOSP", "Ada", "Okafor", new DateOnly(1948, 2, 11), AdministrativeSex.Female);
    private static readonly Staff Owner = new("Maria", "Lopez", "maria.lopez@example.org", StaffRole.Coordinator, "Care coordination");

    /// <summary>Each Gravity status, its Task.status code and the ServiceRequest.status it maps to.</summary>
    private static readonly (ReferralStatus Status, string TaskCode, string ServiceRequestCode)[] StatusCodes =
    [
        (ReferralStatus.Draft, "draft", "draft"),
        (ReferralStatus.Requested, "requested", "active"),
        (ReferralStatus.Received, "received", "active"),
        (ReferralStatus.Accepted, "accepted", "active"),
        (ReferralStatus.Rejected, "rejected", "revoked"),
        (ReferralStatus.InProgress, "in-progress", "active"),
        (ReferralStatus.OnHold, "on-hold", "on-hold"),
        (ReferralStatus.Completed, "completed", "completed"),
        (ReferralStatus.Failed, "failed", "revoked"),
        (ReferralStatus.Cancelled, "cancelled", "revoked"),
        (ReferralStatus.EnteredInError, "entered-in-error", "entered-in-error"),
    ];

    public static TheoryData<ReferralStatus, string, string> Statuses
    {
        get
        {
            var data = new TheoryData<ReferralStatus, string, string>();
            foreach (var (status, taskCode, serviceRequestCode) in StatusCodes)
                data.Add(status, taskCode, serviceRequestCode);
            return data;
        }
    }

    [Fact]
    public void Every_Gravity_status_is_covered_by_the_status_cases()
    {
        StatusCodes.Select(c => c.Status).Order().ShouldBe(Enum.GetValues<ReferralStatus>().Order());
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Every_status_round_trips_as_the_Gravity_Task_status_and_the_ServiceRequest_status(
        ReferralStatus status, string taskCode, string serviceRequestCode)
    {
        var referral = InStatus(status);

        var json = ExportJson(referral);
        var (bundle, request, task) = Parse(json);

        ResourceJson(json, "Task").GetProperty("status").GetString().ShouldBe(taskCode);
        ResourceJson(json, "ServiceRequest").GetProperty("status").GetString().ShouldBe(serviceRequestCode);
        task.Status.ShouldBe(ReferralFhirExport.TaskStatus(status));
        request.Status.ShouldBe(ReferralFhirExport.ServiceRequestStatus(status));
        bundle.Type.ShouldBe(Bundle.BundleType.Collection);
        task.LastModifiedElement!.ToDateTimeOffset(TimeSpan.Zero).ShouldBe(referral.StatusChangedAt);
        task.AuthoredOnElement!.ToDateTimeOffset(TimeSpan.Zero).ShouldBe(referral.RequestedAt ?? referral.CreatedAt);
        request.AuthoredOnElement!.ToDateTimeOffset(TimeSpan.Zero).ShouldBe(referral.RequestedAt ?? referral.CreatedAt);
    }

    [Fact]
    public void The_ServiceRequest_and_the_Task_carry_the_referral_its_patient_owner_destination_and_reason()
    {
        var referral = InStatus(ReferralStatus.Accepted);

        var (bundle, request, task) = Parse(ExportJson(referral));

        bundle.Timestamp.ShouldBe(ExportedAt);
        bundle.Entry.Count.ShouldBe(2);
        bundle.Entry.ShouldAllBe(e => e.FullUrl!.StartsWith("urn:uuid:", StringComparison.Ordinal));
        foreach (var identifiers in new[] { request.Identifier, task.Identifier })
        {
            var identifier = identifiers.ShouldHaveSingleItem();
            (identifier.System, identifier.Value).ShouldBe(("urn:carehub:referral", referral.Id.ToString()));
        }
        foreach (var patient in new[] { request.Subject!, task.For! })
        {
            patient.Identifier!.System.ShouldBe("urn:carehub:mrn:GENHOSP");
            patient.Identifier!.Value.ShouldBe("91234567");
            patient.Display.ShouldBe("Okafor, Ada");
        }
        request.Intent.ShouldBe(RequestIntent.Order);
        task.Intent.ShouldBe(FhirTask.TaskIntent.Order);
        request.Code!.Text.ShouldBe(Reason);
        request.Performer.ShouldHaveSingleItem().Display.ShouldBe(Destination);
        task.Owner!.Display.ShouldBe(Destination);
        request.Requester!.Display.ShouldBe("Maria Lopez");
        request.Requester!.Type.ShouldBe("Practitioner");
        task.Requester!.Display.ShouldBe("Maria Lopez");
        request.SupportingInfo.ShouldHaveSingleItem().Display.ShouldBe("Heart Failure Clinic");
        request.Category.ShouldHaveSingleItem().Coding.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            c => c.System.ShouldBe(ReferralFhirExport.ReferralTypeSystem),
            c => c.Code.ShouldBe("specialty"));
        // The Task is about the ServiceRequest of the same Bundle.
        task.Focus!.Reference.ShouldBe(bundle.Entry.Single(e => e.Resource is ServiceRequest).FullUrl);
        task.BusinessStatus.ShouldBeNull();
        task.Output.ShouldBeEmpty();
        request.Meta.ShouldBeNull();
        task.Meta.ShouldBeNull();
        request.Note.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(ReferralUrgency.Routine, "routine")]
    [InlineData(ReferralUrgency.Urgent, "urgent")]
    [InlineData(ReferralUrgency.Stat, "stat")]
    public void The_urgency_is_the_priority_of_both(ReferralUrgency urgency, string code)
    {
        var referral = new Referral(ThePatient.Id, Guid.NewGuid(), Owner.Id, ReferralType.HomeHealth, urgency, Destination, Reason, Created);

        var json = ExportJson(referral);

        ResourceJson(json, "ServiceRequest").GetProperty("priority").GetString().ShouldBe(code);
        ResourceJson(json, "Task").GetProperty("priority").GetString().ShouldBe(code);
        var (_, request, task) = Parse(json);
        request.Priority.ShouldBe(task.Priority);
    }

    [Theory]
    [InlineData(ReferralMilestone.AppointmentScheduled, "appointment-scheduled", "Appointment scheduled")]
    [InlineData(ReferralMilestone.PatientSeen, "patient-seen", "Patient seen")]
    [InlineData(ReferralMilestone.ResultReceived, "result-received", "Result received")]
    public void The_latest_milestone_is_the_Task_business_status(ReferralMilestone upTo, string code, string words)
    {
        var referral = Accepted(ReferralType.Specialty);
        var at = referral.StatusChangedAt;
        foreach (var milestone in Enum.GetValues<ReferralMilestone>().Where(m => m <= upTo))
            referral.Reach(milestone, at = at.AddDays(1), Owner.Id, null, appointmentAt: at.AddDays(5));

        var (_, request, task) = Parse(ExportJson(referral));

        task.BusinessStatus!.Text.ShouldBe(words);
        var coding = task.BusinessStatus!.Coding.ShouldHaveSingleItem();
        (coding.System, coding.Code).ShouldBe((ReferralFhirExport.MilestoneSystem, code));
        request.Occurrence.ShouldBeOfType<FhirDateTime>().ToDateTimeOffset(TimeSpan.Zero).ShouldBe(referral.AppointmentAt!.Value);
        task.Output.ShouldBeEmpty();
    }

    [Fact]
    public void A_closed_loop_has_its_outcome_as_the_Task_output_and_business_status()
    {
        var referral = ClosedLoop();

        var json = ExportJson(referral);
        var (_, request, task) = Parse(json);

        task.Status.ShouldBe(FhirTask.TaskStatus.Completed);
        request.Status.ShouldBe(RequestStatus.Completed);
        task.BusinessStatus!.Text.ShouldBe("Loop closed: service provided");
        task.BusinessStatus!.Coding.ShouldHaveSingleItem().Code.ShouldBe("loop-closed");
        var output = task.Output.ShouldHaveSingleItem();
        var outcome = output.Value.ShouldBeOfType<CodeableConcept>().Coding.ShouldHaveSingleItem();
        (outcome.System, outcome.Code, outcome.Display).ShouldBe((ReferralFhirExport.OutcomeSystem, "service-provided", "Service provided"));
    }

    [Fact]
    public void A_loop_closed_without_the_service_says_how_it_ended()
    {
        var referral = Accepted(ReferralType.Specialty);
        referral.MoveTo(ReferralStatus.Failed, referral.StatusChangedAt.AddDays(1), Owner.Id, null);
        referral.Reach(ReferralMilestone.LoopClosed, referral.StatusChangedAt.AddDays(1), Owner.Id, null, outcome: ReferralOutcome.UnableToContact);

        var (_, request, task) = Parse(ExportJson(referral));

        task.Status.ShouldBe(FhirTask.TaskStatus.Failed);
        request.Status.ShouldBe(RequestStatus.Revoked);
        task.BusinessStatus!.Text.ShouldBe("Loop closed: unable to contact");
        task.Output.ShouldHaveSingleItem().Value.ShouldBeOfType<CodeableConcept>().Coding.ShouldHaveSingleItem().Code.ShouldBe("unable-to-contact");
    }

    [Fact]
    public void A_community_organisation_referral_is_also_in_the_SDOH_category()
    {
        var referral = new Referral(ThePatient.Id, Guid.NewGuid(), Owner.Id, ReferralType.CommunityOrganization, ReferralUrgency.Routine,
            "Eastside Food Pantry", "Food insecurity (AHC-HRSN positive)", Created);
        referral.RecordConsent(patientWantsHelp: true, Created.AddMinutes(5), Owner.Id, null);
        referral.MoveTo(ReferralStatus.Requested, Created.AddMinutes(10), Owner.Id, null);

        var (_, request, _) = Parse(ExportJson(referral));

        var codings = request.Category.SelectMany(c => c.Coding).Select(c => (c.System!, c.Code!)).ToList();
        codings.ShouldBe(new[]
        {
            (ReferralFhirExport.ReferralTypeSystem, "community-organization"),
            ("http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes", "sdoh"),
        });
    }

    [Fact]
    public void A_sensitive_referral_exported_without_a_need_to_know_has_no_reason_destination_or_kind_and_is_labelled_restricted()
    {
        var referral = Sensitive();

        var json = ExportJson(referral, detailsVisible: false);

        json.ShouldNotContain(SudReason);
        json.ShouldNotContain("Alcohol", Case.Insensitive);
        json.ShouldNotContain(SudDestination);
        json.ShouldNotContain("Recovery", Case.Insensitive);
        json.ShouldNotContain("substance", Case.Insensitive);
        json.ShouldNotContain("42 CFR", Case.Insensitive);
        var (bundle, request, task) = Parse(json);
        foreach (var meta in new[] { bundle.Meta, request.Meta, task.Meta })
        {
            var label = meta!.Security.ShouldHaveSingleItem();
            (label.System, label.Code).ShouldBe(("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "R"));
        }
        request.Performer.ShouldHaveSingleItem().Display.ShouldBe("Restricted");
        task.Owner!.Display.ShouldBe("Restricted");
        request.Code!.Text.ShouldBe("Restricted");
        request.Category.ShouldBeEmpty();
        request.Note.ShouldBeEmpty();
        // What may be known of it still is: the patient, the status, the loop.
        request.Subject!.Display.ShouldBe("Okafor, Ada");
        task.Status.ShouldBe(FhirTask.TaskStatus.Accepted);
        task.BusinessStatus!.Text.ShouldBe("Appointment scheduled");
    }

    [Fact]
    public void A_sensitive_referral_exported_with_a_need_to_know_carries_the_42_CFR_Part_2_notice()
    {
        var referral = Sensitive();

        var json = ExportJson(referral, detailsVisible: true);

        var (_, request, task) = Parse(json);
        request.Code!.Text.ShouldBe(SudReason);
        request.Performer.ShouldHaveSingleItem().Display.ShouldBe(SudDestination);
        task.Owner!.Display.ShouldBe(SudDestination);
        request.Note.ShouldHaveSingleItem().Text.ShouldBe(ReferralFhirExport.Part2Notice);
        request.Note[0].Text.ShouldStartWith("This information has been disclosed to you from records protected by federal confidentiality rules (42 CFR part 2).");
        request.Meta!.Security.ShouldHaveSingleItem().Code.ShouldBe("R");
        task.Meta!.Security.ShouldHaveSingleItem().Code.ShouldBe("R");
        request.Category.ShouldHaveSingleItem().Coding.ShouldHaveSingleItem().Code.ShouldBe("substance-use-treatment");
    }

    [Fact]
    public void A_referral_that_is_not_sensitive_shows_its_details_whoever_exports_it()
    {
        var referral = InStatus(ReferralStatus.Requested);

        var json = ExportJson(referral, detailsVisible: false);

        json.ShouldContain(Reason);
        json.ShouldContain(Destination);
        json.ShouldNotContain("Restricted");
        json.ShouldNotContain("v3-Confidentiality");
    }

    [Fact]
    public void The_same_referral_exports_the_same_document()
    {
        var referral = ClosedLoop();

        ExportJson(referral).ShouldBe(ExportJson(referral));
    }

    [Fact]
    public void The_patient_and_owner_must_be_the_referrals()
    {
        var referral = InStatus(ReferralStatus.Draft);
        var stranger = new Patient("90000001", "GENHOSP", "Someone", "Else", new DateOnly(1960, 1, 1), AdministrativeSex.Male);
        var colleague = new Staff("Devon", "Park", "devon.park@example.org", StaffRole.Nurse, "Nursing");

        Should.Throw<ArgumentException>(() => ReferralFhirExport.Export(referral, stranger, Owner, "Team", true, ExportedAt));
        Should.Throw<ArgumentException>(() => ReferralFhirExport.Export(referral, ThePatient, colleague, "Team", true, ExportedAt));
    }

    private static string ExportJson(Referral referral, bool detailsVisible = true) =>
        ReferralFhirExport.ToJson(ReferralFhirExport.Export(referral, ThePatient, Owner, "Heart Failure Clinic", detailsVisible, ExportedAt));

    /// <summary>Read back with Firely's strict deserializer: anything it cannot place is an error.</summary>
    private static (Bundle Bundle, ServiceRequest Request, FhirTask Task) Parse(string json)
    {
        var bundle = FhirJsonDeserializer.STRICT.Deserialize<Bundle>(json);
        return (bundle, bundle.Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single(), bundle.Entry.Select(e => e.Resource).OfType<FhirTask>().Single());
    }

    private static JsonElement ResourceJson(string json, string resourceType)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource"))
            .Single(r => r.GetProperty("resourceType").GetString() == resourceType)
            .Clone();
    }

    private static Referral New(ReferralType type = ReferralType.Specialty, string destination = Destination, string reason = Reason) =>
        new(ThePatient.Id, Guid.NewGuid(), Owner.Id, type, ReferralUrgency.Urgent, destination, reason, Created);

    private static Referral Accepted(ReferralType type, string destination = Destination, string reason = Reason)
    {
        var referral = New(type, destination, reason);
        referral.MoveTo(ReferralStatus.Requested, Created.AddHours(1), Owner.Id, null);
        referral.MoveTo(ReferralStatus.Accepted, Created.AddDays(1), Owner.Id, null);
        return referral;
    }

    /// <summary>A referral brought to <paramref name="status"/> through the life cycle the domain allows.</summary>
    private static Referral InStatus(ReferralStatus status)
    {
        var referral = New();
        var at = Created;
        void Move(params ReferralStatus[] path)
        {
            foreach (var to in path)
                referral.MoveTo(to, at = at.AddHours(3), Owner.Id, null);
        }

        switch (status)
        {
            case ReferralStatus.Draft:
                break;
            case ReferralStatus.Requested or ReferralStatus.Rejected:
                Move(ReferralStatus.Requested);
                if (status == ReferralStatus.Rejected)
                    Move(ReferralStatus.Rejected);
                break;
            case ReferralStatus.Received:
                Move(ReferralStatus.Requested, ReferralStatus.Received);
                break;
            case ReferralStatus.Accepted:
                Move(ReferralStatus.Requested, ReferralStatus.Received, ReferralStatus.Accepted);
                break;
            case ReferralStatus.InProgress or ReferralStatus.OnHold or ReferralStatus.Failed:
                Move(ReferralStatus.Requested, ReferralStatus.Accepted, status);
                break;
            case ReferralStatus.Completed:
                Move(ReferralStatus.Requested, ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralStatus.Completed);
                break;
            case ReferralStatus.Cancelled or ReferralStatus.EnteredInError:
                Move(ReferralStatus.Requested, status);
                break;
        }
        referral.Status.ShouldBe(status);
        return referral;
    }

    private static Referral ClosedLoop()
    {
        var referral = Accepted(ReferralType.Specialty);
        var at = referral.StatusChangedAt;
        referral.MoveTo(ReferralStatus.InProgress, at = at.AddDays(1), Owner.Id, null);
        referral.Reach(ReferralMilestone.AppointmentScheduled, at = at.AddHours(1), Owner.Id, null, appointmentAt: at.AddDays(7));
        referral.Reach(ReferralMilestone.PatientSeen, at = at.AddDays(7), Owner.Id, null);
        referral.MoveTo(ReferralStatus.Completed, at = at.AddHours(2), Owner.Id, null);
        referral.Reach(ReferralMilestone.ResultReceived, at = at.AddDays(2), Owner.Id, null);
        referral.Reach(ReferralMilestone.LoopClosed, at.AddHours(1), Owner.Id, null, outcome: ReferralOutcome.ServiceProvided);
        return referral;
    }

    /// <summary>A substance use disorder treatment referral (sensitive), accepted, with the appointment booked.</summary>
    private static Referral Sensitive()
    {
        var referral = Accepted(ReferralType.SubstanceUseTreatment, SudDestination, SudReason);
        referral.IsSensitive.ShouldBeTrue();
        referral.Reach(ReferralMilestone.AppointmentScheduled, referral.StatusChangedAt.AddHours(2), Owner.Id, null);
        return referral;
    }
}
