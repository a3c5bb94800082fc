using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CareHub.Domain.Organization;
using CareHub.Domain.Referrals;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using DomainPatient = CareHub.Domain.Patients.Patient;
using FhirTask = Hl7.Fhir.Model.Task;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// A referral as a FHIR R4 collection Bundle of a ServiceRequest (what was asked for) and a Task (how the loop is going),
/// in the shape of the Gravity SDOH Clinical Care IG's referral exchange: the Task's status is the referral's Gravity
/// status, its focus the ServiceRequest, its business status the latest loop milestone and its output the outcome once
/// the loop is closed. The profiles are not claimed (no meta.profile): the patient is referenced by MRN, not by a
/// US Core Patient, and the codes are CareHub's own where the IG's value sets need terminology CareHub does not hold.
/// <para>
/// A sensitive referral (substance use disorder treatment, 42 CFR Part 2) carries the confidentiality label R on the
/// Bundle and both resources. Exported by someone without a need to see its details, it has no reason, no destination
/// ("Restricted"), no referral type and no 42 CFR notice (the notice itself would reveal what the referral is). Exported
/// by someone who may see them, the ServiceRequest and the Task each carry the 42 CFR Part 2 prohibition on redisclosure
/// as a note (so either resource, passed on alone, still carries it). Whether it may be exported at all is the endpoint's
/// check (the patient's consent, ADR 0014).
/// </para>
/// Static and pure: the same arguments give the same Bundle (the Task's id is derived from the referral's).
/// </summary>
public static class ReferralFhirExport
{
    public const string ReferralIdentifierSystem = "urn:carehub:referral";
    public const string StaffIdentifierSystem = "urn:carehub:staff";
    public const string ReferralTypeSystem = "http://carehub.example/fhir/CodeSystem/referral-type";
    public const string MilestoneSystem = "http://carehub.example/fhir/CodeSystem/referral-milestone";
    public const string OutcomeSystem = "http://carehub.example/fhir/CodeSystem/referral-outcome";
    public const string SdohTemporaryCodesSystem = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes";
    public const string ConfidentialitySystem = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public const string TaskCodeSystem = "http://hl7.org/fhir/CodeSystem/task-code";

    /// <summary>What stands in for a hidden sensitive referral's destination (as on the worklist).</summary>
    public const string Restricted = "Restricted";

    /// <summary>The 42 CFR Part 2 prohibition on redisclosure (§ 2.32), as it must accompany a disclosure.</summary>
    public const string Part2Notice =
        "This information has been disclosed to you from records protected by federal confidentiality rules (42 CFR part 2). " +
        "The federal rules prohibit you from making any further disclosure of information in this record that identifies a " +
        "patient as having or having had a substance use disorder either directly, by reference to publicly available " +
        "information, or through verification of such identification by another person unless further disclosure is " +
        "expressly permitted by the written consent of the individual whose information is being disclosed or as otherwise " +
        "permitted by 42 CFR part 2.";

    /// <summary>The system of a patient's MRN identifier: one per assigning authority.</summary>
    public static string MrnSystem(string assigningAuthority) => $"urn:carehub:mrn:{assigningAuthority}";

    /// <summary>The referral (with its patient, owner and the name of its team) as a FHIR R4 Bundle of type collection.</summary>
    /// <param name="detailsVisible">Whether the person exporting may see a sensitive referral's details (<see cref="Referral.DetailsVisibleTo"/>).</param>
    public static Bundle Export(Referral referral, DomainPatient patient, Staff owner, string teamName, bool detailsVisible, DateTimeOffset exportedAt)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(teamName);
        if (patient.Id != referral.PatientId)
            throw new ArgumentException("The patient is not the referral's patient.", nameof(patient));
        if (owner.Id != referral.OwnerId)
            throw new ArgumentException("The staff member is not the referral's owner.", nameof(owner));

        var hidden = referral.IsSensitive && !detailsVisible;
        var serviceRequestId = referral.Id;
        var taskId = DerivedId(referral.Id, "task");
        var serviceRequest = ServiceRequestOf(referral, patient, owner, teamName, hidden);
        serviceRequest.Id = serviceRequestId.ToString("D");
        var task = TaskOf(referral, patient, owner, hidden, FullUrl(serviceRequestId));
        task.Id = taskId.ToString("D");

        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Timestamp = exportedAt,
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = FullUrl(serviceRequestId), Resource = serviceRequest },
                new Bundle.EntryComponent { FullUrl = FullUrl(taskId), Resource = task },
            ],
        };
        if (referral.IsSensitive)
        {
            // The label is the high-water mark of what the Bundle holds, so it goes on the Bundle as well.
            bundle.Meta = new Meta { Security = [RestrictedLabel()] };
            serviceRequest.Meta = new Meta { Security = [RestrictedLabel()] };
            task.Meta = new Meta { Security = [RestrictedLabel()] };
        }
        return bundle;
    }

    /// <summary>The Bundle as FHIR JSON (the Firely serializer for R4).</summary>
    public static string ToJson(Bundle bundle, bool pretty = true) => FhirJsonSerializer.Default.SerializeToString(bundle, pretty);

    /// <summary>The Bundle as UTF-8 FHIR JSON, for a download.</summary>
    public static byte[] ToJsonBytes(Bundle bundle, bool pretty = true) => FhirJsonSerializer.Default.SerializeToBytes(bundle, pretty);

    /// <summary>The FHIR ServiceRequest.status of a referral's Gravity status.</summary>
    public static RequestStatus ServiceRequestStatus(ReferralStatus status) => status switch
    {
        ReferralStatus.Draft => RequestStatus.Draft,
        ReferralStatus.Requested or ReferralStatus.Received or ReferralStatus.Accepted or ReferralStatus.InProgress => RequestStatus.Active,
        ReferralStatus.OnHold => RequestStatus.OnHold,
        ReferralStatus.Completed => RequestStatus.Completed,
        ReferralStatus.Rejected or ReferralStatus.Failed or ReferralStatus.Cancelled => RequestStatus.Revoked,
        ReferralStatus.EnteredInError => RequestStatus.EnteredInError,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a referral status."),
    };

    /// <summary>The FHIR Task.status of a referral's Gravity status (the same code).</summary>
    public static FhirTask.TaskStatus TaskStatus(ReferralStatus status) => status switch
    {
        ReferralStatus.Draft => FhirTask.TaskStatus.Draft,
        ReferralStatus.Requested => FhirTask.TaskStatus.Requested,
        ReferralStatus.Received => FhirTask.TaskStatus.Received,
        ReferralStatus.Accepted => FhirTask.TaskStatus.Accepted,
        ReferralStatus.Rejected => FhirTask.TaskStatus.Rejected,
        ReferralStatus.InProgress => FhirTask.TaskStatus.InProgress,
        ReferralStatus.OnHold => FhirTask.TaskStatus.OnHold,
        ReferralStatus.Completed => FhirTask.TaskStatus.Completed,
        ReferralStatus.Failed => FhirTask.TaskStatus.Failed,
        ReferralStatus.Cancelled => FhirTask.TaskStatus.Cancelled,
        ReferralStatus.EnteredInError => FhirTask.TaskStatus.EnteredInError,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a referral status."),
    };

    public static RequestPriority Priority(ReferralUrgency urgency) => urgency switch
    {
        ReferralUrgency.Routine => RequestPriority.Routine,
        ReferralUrgency.Urgent => RequestPriority.Urgent,
        ReferralUrgency.Stat => RequestPriority.Stat,
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "Not a referral urgency."),
    };

    /// <summary>The latest loop milestone in words ("Appointment scheduled" … "Loop closed: service provided"); null before the first.</summary>
    public static string? LatestMilestone(Referral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return LatestMilestoneOf(referral) switch
        {
            ReferralMilestone.LoopClosed => referral.Outcome is { } outcome ? $"Loop closed: {Words(outcome.ToString())}" : "Loop closed",
            ReferralMilestone.ResultReceived => "Result received",
            ReferralMilestone.PatientSeen => "Patient seen",
            ReferralMilestone.AppointmentScheduled => "Appointment scheduled",
            _ => null,
        };
    }

    private static ServiceRequest ServiceRequestOf(Referral referral, DomainPatient patient, Staff owner, string teamName, bool hidden)
    {
        var request = new ServiceRequest
        {
            Identifier = [ReferralIdentifier(referral)],
            Status = ServiceRequestStatus(referral.Status),
            Intent = RequestIntent.Order,
            Priority = Priority(referral.Urgency),
            Subject = PatientReference(patient),
            AuthoredOnElement = new FhirDateTime(referral.RequestedAt ?? referral.CreatedAt),
            Requester = OwnerReference(owner),
            Performer = [new ResourceReference { Type = "Organization", Display = hidden ? Restricted : referral.Destination }],
            // The team is no FHIR Organization of its own; a CareTeam reference by name keeps it with the request.
            SupportingInfo = [new ResourceReference { Type = "CareTeam", Display = teamName }],
        };
        if (hidden)
        {
            // Neither the kind of referral nor its reason: either says what the patient is being treated for.
            request.Code = new CodeableConcept { Text = Restricted };
            return request;
        }

        request.Category = [Concept(ReferralTypeSystem, Code(referral.Type.ToString()), Capitalized(Words(referral.Type.ToString())))];
        if (referral.Type == ReferralType.CommunityOrganization)
            request.Category.Add(Concept(SdohTemporaryCodesSystem, "sdoh", "SDOH"));
        request.Code = new CodeableConcept { Text = referral.Reason };
        if (referral.AppointmentAt is { } appointment)
            request.Occurrence = new FhirDateTime(appointment);
        if (referral.IsSensitive)
            request.Note = [new Annotation { Text = Part2Notice }];
        return request;
    }

    private static FhirTask TaskOf(Referral referral, DomainPatient patient, Staff owner, bool hidden, string serviceRequestUrl)
    {
        var task = new FhirTask
        {
            Identifier = [ReferralIdentifier(referral)],
            Status = TaskStatus(referral.Status),
            Intent = FhirTask.TaskIntent.Order,
            Priority = Priority(referral.Urgency),
            Code = Concept(TaskCodeSystem, "fulfill", "Fulfill the focal request"),
            Focus = new ResourceReference(serviceRequestUrl) { Type = "ServiceRequest" },
            For = PatientReference(patient),
            AuthoredOnElement = new FhirDateTime(referral.RequestedAt ?? referral.CreatedAt),
            LastModifiedElement = new FhirDateTime(referral.StatusChangedAt),
            Requester = OwnerReference(owner),
            Owner = new ResourceReference { Type = "Organization", Display = hidden ? Restricted : referral.Destination },
        };
        if (LatestMilestoneOf(referral) is { } milestone)
        {
            task.BusinessStatus = Concept(MilestoneSystem, Code(milestone.ToString()), Capitalized(Words(milestone.ToString())));
            task.BusinessStatus.Text = LatestMilestone(referral);
        }
        if (referral.IsSensitive && !hidden)
            task.Note = [new Annotation { Text = Part2Notice }];
        if (referral.IsLoopClosed && referral.Outcome is { } outcome)
        {
            task.Output =
            [
                new FhirTask.OutputComponent
                {
                    Type = new CodeableConcept { Text = "Outcome" },
                    Value = Concept(OutcomeSystem, Code(outcome.ToString()), Capitalized(Words(outcome.ToString()))),
                },
            ];
        }
        return task;
    }

    private static ReferralMilestone? LatestMilestoneOf(Referral referral) =>
        referral.IsLoopClosed ? ReferralMilestone.LoopClosed
        : referral.ResultReceivedAt is not null ? ReferralMilestone.ResultReceived
        : referral.SeenAt is not null ? ReferralMilestone.PatientSeen
        : referral.AppointmentScheduledAt is not null ? ReferralMilestone.AppointmentScheduled
        : null;

    private static Identifier ReferralIdentifier(Referral referral) => new(ReferralIdentifierSystem, referral.Id.ToString("D"));

    // By MRN, not a Patient resource: the receiver matches the patient in its own records.
    private static ResourceReference PatientReference(DomainPatient patient) => new()
    {
        Type = "Patient",
        Identifier = new Identifier(MrnSystem(patient.AssigningAuthority), patient.Mrn),
        Display = patient.DisplayName,
    };

    private static ResourceReference OwnerReference(Staff owner) => new()
    {
        Type = "Practitioner",
        Identifier = new Identifier(StaffIdentifierSystem, owner.Id.ToString("D")),
        Display = owner.DisplayName,
    };

    private static CodeableConcept Concept(string system, string code, string display) => new() { Coding = [new Coding(system, code, display)] };

    private static Coding RestrictedLabel() => new(ConfidentialitySystem, "R", "restricted");

    private static string FullUrl(Guid id) => $"urn:uuid:{id:D}";

    // A stable UUID for a resource that has no id of its own in CareHub (the same referral exports the same ids).
    private static Guid DerivedId(Guid id, string purpose)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}:{id:D}"));
        var bytes = hash.AsSpan(0, 16);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8 (custom), in Guid's little-endian field order
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    // "InProgress" -> "in progress".
    private static string Words(string pascalCase)
    {
        var words = new StringBuilder(pascalCase.Length + 4);
        foreach (var c in pascalCase)
        {
            if (char.IsUpper(c) && words.Length > 0)
                words.Append(' ');
            words.Append(char.ToLower(c, CultureInfo.InvariantCulture));
        }
        return words.ToString();
    }

    // "BehavioralHealth" -> "behavioral-health".
    private static string Code(string pascalCase) => Words(pascalCase).Replace(' ', '-');

    private static string Capitalized(string text) => string.Concat(text[..1].ToUpperInvariant(), text.AsSpan(1));
}
