using Bogus;
using CareHub.Domain.Audit;
using CareHub.Domain.CarePlans;
using CareHub.Domain.Common;
using CareHub.Domain.Encounters;
using CareHub.Domain.Organization;
using CareHub.Domain.Patients;
using CareHub.Domain.Referrals;
using CareHub.Domain.Tasks;
using CareHub.Domain.Transitions;
using Microsoft.EntityFrameworkCore;

namespace CareHub.Data.Seeding;

/// <summary>
/// Fills an empty database with a synthetic mid-size health system: three facilities, four care teams, their
/// staff, and patients with conditions, a year of encounters, current stays, care plans, referrals and tasks.
/// Deterministic for a seed; times are relative to <paramref name="clock"/> so the demo is always "today".
/// </summary>
public sealed class DemoDataSeeder(Func<CareHubDbContext> createContext, TimeProvider clock)
{
    private const int ChunkSize = 1_000;
    private const string AssigningAuthority = "CHS";

    private static readonly (string Language, double Weight)[] Languages =
    [
        ("English", 0.74), ("Spanish", 0.15), ("Vietnamese", 0.03), ("Chinese", 0.025), ("Arabic", 0.02),
        ("Somali", 0.015), ("Haitian Creole", 0.01), ("Russian", 0.01),
    ];

    private static readonly (ChronicCondition Kind, string Code, string Display, double Prevalence)[] Chronic =
    [
        (ChronicCondition.Diabetes, "E11.9", "Type 2 diabetes mellitus without complications", 0.22),
        (ChronicCondition.DiabetesWithComplications, "E11.22", "Type 2 diabetes mellitus with diabetic chronic kidney disease", 0.06),
        (ChronicCondition.HeartFailure, "I50.9", "Heart failure, unspecified", 0.14),
        (ChronicCondition.Copd, "J44.9", "Chronic obstructive pulmonary disease, unspecified", 0.13),
        (ChronicCondition.Depression, "F32.9", "Major depressive disorder, single episode, unspecified", 0.20),
        (ChronicCondition.ChronicKidneyDisease, "N18.30", "Chronic kidney disease, stage 3 unspecified", 0.10),
        (ChronicCondition.Dementia, "F03.90", "Unspecified dementia without behavioral disturbance", 0.04),
        (ChronicCondition.MetastaticCancer, "C79.9", "Secondary malignant neoplasm of unspecified site", 0.01),
    ];

    private static readonly string[] Pcps =
    [
        "Dr. Helen Marsh", "Dr. Omar Siddiqui", "Dr. Julia Ferreira", "Dr. Thomas Boateng", "Dr. Mei Lin",
        "Dr. Patrick O'Neill", "Dr. Sofia Romero", "Dr. Arjun Mehta", "Dr. Claire Dubois", "Dr. Ethan Walsh",
    ];

    private static readonly (string Plan, PayerType Payer)[] Plans =
    [
        ("Original Medicare", PayerType.Medicare), ("Riverside Advantage HMO", PayerType.MedicareAdvantage),
        ("Golden Years PPO", PayerType.MedicareAdvantage), ("State Medicaid Managed Care", PayerType.Medicaid),
        ("Community Health Plan (Medicaid)", PayerType.Medicaid), ("BlueRiver Commercial PPO", PayerType.Commercial),
        ("Employer Choice HMO", PayerType.Commercial),
    ];

    private static readonly (ReferralType Type, string[] Destinations, string[] Reasons)[] ReferralKinds =
    [
        (ReferralType.Specialty, ["Riverside Cardiology Associates", "Valley Pulmonology", "Kidney Care Partners"], ["Heart failure follow-up", "COPD management", "CKD stage 3 evaluation"]),
        (ReferralType.BehavioralHealth, ["Harbor Behavioral Health", "Open Door Counseling"], ["Depression, PHQ-9 of 16", "Anxiety and low mood after discharge"]),
        (ReferralType.SubstanceUseTreatment, ["New Path Recovery Center"], ["Alcohol use disorder, requests treatment"]),
        (ReferralType.HomeHealth, ["CareAtHome Home Health", "Visiting Nurses of the Valley"], ["Skilled nursing visits after discharge", "Wound care and medication teaching"]),
        (ReferralType.DurableMedicalEquipment, ["MedEquip Supply"], ["Home oxygen concentrator", "Walker and shower chair"]),
        (ReferralType.CommunityOrganization, ["Eastside Food Pantry", "Safe Harbor Housing Services", "RideWell Transportation"], ["Food insecurity (AHC-HRSN positive)", "Housing instability, eviction notice", "No transportation to appointments"]),
    ];

    private static readonly string[] TaskTitles =
    [
        "Transition-of-care call after discharge", "Medication reconciliation", "Schedule PCP follow-up within 7 days",
        "Confirm home health start of care", "Repeat PHQ-9", "Call patient about missed appointment",
        "Review pharmacy fill history", "Complete AHC-HRSN screening",
    ];

    public async Task SeedAsync(DemoDataOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        options.Validate();
        var now = clock.GetUtcNow();
        var faker = new Faker("en") { Random = new Randomizer(options.Seed) };
        // The referral clocks of the demo: US federal holidays, Eastern time (the app's defaults).
        var clocks = new ReferralClockSetup(new BusinessCalendar(UsFederalHolidays.Between(2000, 2100)),
            TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        var (facilities, teams, staff) = await SeedOrganizationAsync(cancellationToken);
        progress?.Report($"Demo data: {facilities.Count} facilities, {teams.Count} care teams, {staff.Count} staff.");
        var resources = await SeedDirectoryAsync(cancellationToken);
        if (resources > 0)
            progress?.Report($"Demo data: {resources} community resources.");

        var coordinatorsByTeam = teams.ToDictionary(t => t.Id, t => staff
            .Where(s => s.Role is StaffRole.Coordinator or StaffRole.Nurse && t.Members.Any(m => m.StaffId == s.Id))
            .Select(s => s.Id).ToArray());
        var currentShare = 250.0 / 2_000;

        for (var start = 0; start < options.Patients; start += ChunkSize)
        {
            var count = Math.Min(ChunkSize, options.Patients - start);
            await using var db = createContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < start + count; i++)
            {
                var patient = NewPatient(faker, i, now);
                // The last few are the canaries (same draws of the generator, so the rest of the demo does not move).
                var canary = i - (options.Patients - CanaryPatients.All.Count) is var c and >= 0 ? CanaryPatients.All[c] : null;
                if (canary is not null)
                    patient = Canary(patient, canary);
                var team = teams[i % teams.Count];
                patient.EnrolIn(team.Id);
                if (faker.Random.Double() < 0.08)
                    patient.EnrolIn(teams[(i + 1) % teams.Count].Id);
                var owners = coordinatorsByTeam[team.Id];
                patient.AttributeTo(faker.PickRandom(owners));
                db.Patients.Add(patient);

                var lastStay = AddEncounters(db, faker, patient, facilities, now, faker.Random.Double() < currentShare);
                if (lastStay is { Disposition: { } disposition, DischargedAt: { } dischargedAt } && dischargedAt > now.AddDays(-10)
                    && lastStay.Class != EncounterClass.Emergency && TransitionOfCare.StartsTransition(disposition))
                    AddTransition(db, patient, lastStay, team.Id, patient.AttributedCoordinatorId!.Value, clocks, now);
                if (faker.Random.Double() < 0.35 || canary is not null)
                    AddCarePlan(db, faker, patient, owners, now);
                if (faker.Random.Double() < 0.45 || canary is not null)
                    AddReferral(db, faker, patient, team.Id, owners, clocks, now);
                if (faker.Random.Double() < 0.5)
                    AddTask(db, faker, patient, team.Id, owners, now);
            }
            await db.SaveChangesAsync(cancellationToken);
            progress?.Report($"Demo data: {start + count:N0} of {options.Patients:N0} patients.");
        }

        // The load is not audited row by row (no patient is real); one row says that it happened.
        await using var audit = createContext();
        audit.AuditEvents.Add(new AuditEvent(clock.GetUtcNow(), audit.Scope.UserId, AuditAction.Create, "DemoData", null, null, audit.Scope.Source));
        await audit.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The community resource directory (fictional organisations; every destination of <see cref="ReferralKinds"/> is one,
    /// so the closure rates of the demo have data). Added once: only when the directory is empty. The number added.
    /// </summary>
    private async Task<int> SeedDirectoryAsync(CancellationToken cancellationToken)
    {
        await using var db = createContext();
        if (await db.CommunityResources.AnyAsync(cancellationToken))
            return 0;
        db.CommunityResources.AddRange(DemoDirectory.Select(r =>
            new CommunityResource(r.Name, r.Type, r.Services, r.Domains, r.Languages, r.Hours, r.Phone, r.Address)));
        await db.SaveChangesAsync(cancellationToken);
        return DemoDirectory.Length;
    }

    internal static readonly (string Name, ReferralType Type, string Services, SdohDomain Domains, string Languages, string Hours, string Phone, string Address)[] DemoDirectory =
    [
        ("Riverside Cardiology Associates", ReferralType.Specialty, "Heart failure clinic; cardiac rehab; echocardiography", SdohDomain.None,
            "English, Spanish", "Mon-Fri 8:00-17:00", "(555) 010-1001", "410 River Rd, Suite 200, Riverside"),
        ("Valley Pulmonology", ReferralType.Specialty, "COPD and asthma management; pulmonary function tests", SdohDomain.None,
            "English", "Mon-Thu 8:30-16:30", "(555) 010-1002", "88 Valley Medical Plaza, Riverside"),
        ("Kidney Care Partners", ReferralType.Specialty, "CKD evaluation and education; dialysis planning", SdohDomain.None,
            "English, Vietnamese", "Mon-Fri 7:30-16:00", "(555) 010-1003", "1200 Lakeview Ave, Eastside"),
        ("Harbor Behavioral Health", ReferralType.BehavioralHealth, "Outpatient therapy; psychiatric medication management; crisis line", SdohDomain.Safety | SdohDomain.SocialIsolation,
            "English, Spanish, Haitian Creole", "Mon-Fri 8:00-20:00; Sat 9:00-13:00", "(555) 010-1004", "25 Harbor St, Harbor District"),
        ("Open Door Counseling", ReferralType.BehavioralHealth, "Individual and family counselling; grief groups; sliding-scale fees", SdohDomain.SocialIsolation | SdohDomain.Financial,
            "English, Arabic", "Tue-Sat 10:00-19:00", "(555) 010-1005", "7 Elm Court, Northgate"),
        ("New Path Recovery Center", ReferralType.SubstanceUseTreatment, "Medication for opioid and alcohol use disorder; intensive outpatient program", SdohDomain.None,
            "English, Spanish", "Daily 7:00-19:00", "(555) 010-1006", "300 Hope Ave, Westfield"),
        ("CareAtHome Home Health", ReferralType.HomeHealth, "Skilled nursing visits; physical therapy at home; medication teaching", SdohDomain.None,
            "English, Polish", "Mon-Sun 8:00-18:00", "(555) 010-1007", "55 Commerce Blvd, Riverside"),
        ("Visiting Nurses of the Valley", ReferralType.HomeHealth, "Wound care; home infusion; post-discharge visits", SdohDomain.None,
            "English, Spanish, Portuguese", "Mon-Fri 8:00-17:00; on call evenings", "(555) 010-1008", "19 Orchard Lane, Valley Falls"),
        ("MedEquip Supply", ReferralType.DurableMedicalEquipment, "Home oxygen; walkers and wheelchairs; shower chairs; home delivery", SdohDomain.None,
            "English", "Mon-Fri 9:00-17:30", "(555) 010-1009", "900 Industrial Way, Eastside"),
        ("Eastside Food Pantry", ReferralType.CommunityOrganization, "Emergency food boxes; SNAP application help; fresh produce Fridays", SdohDomain.Food | SdohDomain.Financial,
            "English, Spanish", "Mon, Wed, Fri 10:00-16:00", "(555) 010-1010", "140 East 5th St, Eastside"),
        ("Safe Harbor Housing Services", ReferralType.CommunityOrganization, "Eviction prevention; rental assistance; emergency shelter placement", SdohDomain.Housing | SdohDomain.Financial | SdohDomain.Safety,
            "English, Spanish, Somali", "Mon-Fri 9:00-17:00", "(555) 010-1011", "62 Dock St, Harbor District"),
        ("RideWell Transportation", ReferralType.CommunityOrganization, "Free rides to medical appointments; wheelchair-accessible vans", SdohDomain.Transportation,
            "English, Spanish, Mandarin", "Mon-Sat 6:00-20:00 (book 48 hours ahead)", "(555) 010-1012", "Dispatch: 3 Depot Sq, Riverside"),
        ("Northgate Community Kitchen", ReferralType.CommunityOrganization, "Hot lunches; home-delivered meals for seniors", SdohDomain.Food | SdohDomain.SocialIsolation,
            "English, Russian", "Daily 11:00-14:00", "(555) 010-1013", "18 Church St, Northgate"),
        ("Brightwater Energy Assistance", ReferralType.CommunityOrganization, "Utility bill assistance; shut-off prevention; weatherisation", SdohDomain.Utilities | SdohDomain.Financial,
            "English, Spanish", "Mon-Thu 9:00-16:00", "(555) 010-1014", "501 Power Ave, Westfield"),
        ("Lantern House Safety Network", ReferralType.CommunityOrganization, "Domestic violence shelter; safety planning; legal advocacy; 24-hour hotline", SdohDomain.Safety | SdohDomain.Housing,
            "English, Spanish, French, Arabic", "24 hours, 7 days", "(555) 010-1015", "Confidential location (call first)"),
        ("Bridges Language Access Center", ReferralType.CommunityOrganization, "Interpreting for appointments; English classes; document translation", SdohDomain.Language | SdohDomain.Education,
            "Spanish, Vietnamese, Haitian Creole, Arabic, Somali, Portuguese", "Mon-Fri 9:00-18:00", "(555) 010-1016", "77 Unity Plaza, Eastside"),
        ("Pathways Workforce Center", ReferralType.CommunityOrganization, "Job search help; resume workshops; vocational training", SdohDomain.Employment | SdohDomain.Education,
            "English, Spanish", "Mon-Fri 8:30-17:00; Wed until 19:00", "(555) 010-1017", "250 Market St, Riverside"),
        ("Valley Adult Learning Hub", ReferralType.CommunityOrganization, "GED preparation; digital literacy classes; ESL", SdohDomain.Education | SdohDomain.Language,
            "English, Spanish, Mandarin", "Mon-Thu 17:00-21:00; Sat 9:00-12:00", "(555) 010-1018", "Valley Falls Public Library, 2 Book Ln"),
        ("Friendly Voices Senior Connection", ReferralType.CommunityOrganization, "Friendly phone calls; senior centre activities; peer visitors", SdohDomain.SocialIsolation,
            "English, Italian, Polish", "Mon-Fri 9:00-16:00", "(555) 010-1019", "33 Maple Ave, Northgate"),
        ("Common Ground Financial Coaching", ReferralType.CommunityOrganization, "Free tax preparation; benefits screening; budgeting coaching", SdohDomain.Financial | SdohDomain.Employment,
            "English, Spanish, Korean", "Tue-Sat 10:00-18:00", "(555) 010-1020", "410 Main St, Westfield"),
        ("Westfield Tenant Union", ReferralType.CommunityOrganization, "Tenant rights clinics; repair complaints; mediation with landlords", SdohDomain.Housing | SdohDomain.Utilities,
            "English, Spanish", "Tue and Thu 17:00-20:00", "(555) 010-1021", "9 Garden St, Westfield"),
        ("Harvest Mobile Market", ReferralType.CommunityOrganization, "Mobile produce market; WIC and SNAP accepted; nutrition classes", SdohDomain.Food | SdohDomain.Transportation,
            "English, Spanish, Haitian Creole", "Sat 9:00-13:00 at rotating sites", "(555) 010-1022", "Route posted weekly; office at 5 Farm Rd"),
        ("Serenity Peer Recovery Collective", ReferralType.SubstanceUseTreatment, "Peer recovery coaching; sober living referrals; family support groups", SdohDomain.SocialIsolation | SdohDomain.Housing,
            "English, Spanish", "Daily 9:00-21:00", "(555) 010-1023", "61 Willow St, Harbor District"),
        ("Lakeside Endocrinology", ReferralType.Specialty, "Diabetes management; insulin pump starts; thyroid clinic", SdohDomain.None,
            "English, Hindi, Gujarati", "Mon-Fri 8:00-16:30", "(555) 010-1024", "1500 Lakeview Ave, Suite 310, Eastside"),
        ("Mobility Plus Medical Equipment", ReferralType.DurableMedicalEquipment, "Hospital beds; CPAP supplies; repairs and loaner wheelchairs", SdohDomain.None,
            "English, Spanish", "Mon-Sat 9:00-17:00", "(555) 010-1025", "44 Supply Ct, Riverside"),
        ("Hillcrest Hospice and Home Care", ReferralType.HomeHealth, "Hospice care; home health aides; caregiver respite", SdohDomain.SocialIsolation,
            "English, Tagalog", "24 hours, 7 days", "(555) 010-1026", "12 Hillcrest Dr, Valley Falls"),
    ];

    private async Task<(List<Facility>, List<CareTeam>, List<Staff>)> SeedOrganizationAsync(CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var facilities = DemoStaff.Facilities.Select(f =>
        {
            var facility = new Facility(f.Code, f.Name, f.Kind);
            foreach (var u in f.Units)
                facility.AddUnit(u.Code, u.Name, u.Kind, u.Beds);
            return facility;
        }).ToList();
        var teams = DemoStaff.Teams.Select(t => new CareTeam(t.Name, t.Description)).ToList();
        var staff = new List<Staff>();
        foreach (var p in DemoStaff.People)
        {
            var person = new Staff(p.Given, p.Family, DemoStaff.EmailOf(p.Given, p.Family), p.Role, p.Discipline);
            staff.Add(person);
            foreach (var teamIndex in p.Teams)
                teams[teamIndex].AddMember(person);
        }
        db.Facilities.AddRange(facilities);
        db.Staff.AddRange(staff);
        db.CareTeams.AddRange(teams);
        await db.SaveChangesAsync(cancellationToken);
        return (facilities, teams, staff);
    }

    /// <summary>The canary in the place of a generated patient, with the generated language, coverage, doctor and conditions.</summary>
    private static Patient Canary(Patient generated, CanaryPatient canary)
    {
        var patient = new Patient(canary.Mrn, AssigningAuthority, canary.GivenName, canary.FamilyName, canary.BirthDate, canary.Sex);
        patient.SetLanguage(generated.PreferredLanguage, generated.InterpreterNeeded);
        patient.SetCoverage(generated.Payer, generated.PlanName);
        patient.SetPrimaryCareProvider(generated.PrimaryCareProvider);
        foreach (var condition in generated.Conditions)
            patient.RecordCondition(condition.Code, condition.Display, condition.Chronic, condition.Onset);
        return patient;
    }

    private static Patient NewPatient(Faker faker, int index, DateTimeOffset now)
    {
        var sex = faker.Random.Double() < 0.53 ? AdministrativeSex.Female : AdministrativeSex.Male;
        var gender = sex == AdministrativeSex.Female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male;
        // Care management panels skew old: about half are 65 or over.
        var age = faker.Random.Double() < 0.5 ? faker.Random.Int(65, 96) : faker.Random.Int(19, 64);
        var birth = DateOnly.FromDateTime(now.UtcDateTime).AddYears(-age).AddDays(-faker.Random.Int(0, 364));
        var patient = new Patient((4_000_000 + index).ToString(System.Globalization.CultureInfo.InvariantCulture), AssigningAuthority,
            faker.Name.FirstName(gender), faker.Name.LastName(), birth, sex);

        var language = faker.Random.WeightedRandom(Languages.Select(l => l.Language).ToArray(), Languages.Select(l => (float)l.Weight).ToArray());
        patient.SetLanguage(language, language != "English" && faker.Random.Double() < 0.7);

        var (plan, payer) = age >= 65
            ? faker.PickRandom(Plans.Where(p => p.Payer is PayerType.Medicare or PayerType.MedicareAdvantage || (p.Payer == PayerType.Medicaid && faker.Random.Double() < 0.2)).ToArray())
            : faker.Random.Double() < 0.08 ? (null!, PayerType.Uninsured)
            : faker.PickRandom(Plans.Where(p => p.Payer is PayerType.Medicaid or PayerType.Commercial).ToArray());
        patient.SetCoverage(payer, plan);
        patient.SetPrimaryCareProvider(faker.Random.Double() < 0.92 ? faker.PickRandom(Pcps) : null);

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var ageFactor = age >= 65 ? 1.6 : 0.7;
        foreach (var (kind, code, display, prevalence) in Chronic)
        {
            if (faker.Random.Double() < prevalence * ageFactor)
                patient.RecordCondition(code, display, kind, today.AddDays(-faker.Random.Int(60, 3_650)));
        }
        if (faker.Random.Double() < 0.45 * ageFactor)
            patient.RecordCondition("I10", "Essential (primary) hypertension", null, today.AddDays(-faker.Random.Int(60, 5_000)));
        return patient;
    }

    /// <summary>A year of stays; returns the last finished one (a recent discharge starts a transition of care).</summary>
    private static Encounter? AddEncounters(CareHubDbContext db, Faker faker, Patient patient, List<Facility> facilities, DateTimeOffset now, bool current)
    {
        Encounter? last = null;
        var risk = patient.CharlsonPoints();
        var pastCount = faker.Random.Double() < 0.3 + (0.1 * risk) ? faker.Random.Int(1, 2 + Math.Min(risk, 3)) : 0;
        var hospitals = facilities.Where(f => f.Kind == FacilityKind.AcuteCareHospital).ToArray();
        var snf = facilities.First(f => f.Kind == FacilityKind.SkilledNursingFacility);

        var cursor = now.AddDays(-365);
        for (var n = 0; n < pastCount; n++)
        {
            var admitted = cursor.AddDays(faker.Random.Double(1, 330.0 / pastCount)).AddMinutes(faker.Random.Int(0, 1_439));
            if (admitted > now.AddDays(-2))
                break;
            var hospital = faker.PickRandom(hospitals);
            var emergencyOnly = faker.Random.Double() < 0.45;
            var encounterClass = emergencyOnly ? EncounterClass.Emergency : faker.Random.Double() < 0.8 ? EncounterClass.Inpatient : EncounterClass.Observation;
            var unit = UnitFor(faker, hospital, encounterClass);
            var encounter = AdmitThroughEmergency(faker, patient, hospital, unit, encounterClass, admitted);
            var stay = encounterClass switch
            {
                EncounterClass.Emergency => TimeSpan.FromHours(faker.Random.Double(2, 14)),
                EncounterClass.Observation => TimeSpan.FromHours(faker.Random.Double(12, 40)),
                _ => TimeSpan.FromDays(faker.Random.Double(1.5, 9)),
            };
            var discharged = admitted + stay;
            if (discharged > now.AddHours(-1))
                discharged = now.AddHours(-1);
            encounter.Discharge(discharged, encounterClass == EncounterClass.Inpatient && faker.Random.Double() < 0.25
                ? faker.PickRandom(DischargeDisposition.HomeWithHomeHealth, DischargeDisposition.SkilledNursingFacility)
                : DischargeDisposition.Home);
            db.Encounters.Add(encounter);
            cursor = discharged;
            last = encounter;
        }

        // A few stays end today: the census shows today's discharges too.
        if (!current && cursor < now.AddDays(-3) && faker.Random.Double() < 0.03)
        {
            var hospital = faker.PickRandom(hospitals);
            var unit = UnitFor(faker, hospital, EncounterClass.Inpatient);
            var today = AdmitThroughEmergency(faker, patient, hospital, unit, EncounterClass.Inpatient, now.AddDays(-faker.Random.Double(2, 6)));
            today.Discharge(now.AddMinutes(-faker.Random.Int(5, 300)), faker.Random.Double() < 0.8 ? DischargeDisposition.Home : DischargeDisposition.HomeWithHomeHealth);
            db.Encounters.Add(today);
            last = today;
        }

        if (!current)
            return last;
        var currentClass = faker.Random.WeightedRandom(
            [EncounterClass.Inpatient, EncounterClass.Emergency, EncounterClass.Observation, EncounterClass.SkilledNursing],
            [0.55f, 0.2f, 0.1f, 0.15f]);
        var facility = currentClass == EncounterClass.SkilledNursing ? snf : faker.PickRandom(hospitals);
        var currentUnit = UnitFor(faker, facility, currentClass);
        var since = currentClass switch
        {
            EncounterClass.Emergency => TimeSpan.FromHours(faker.Random.Double(0.5, 20)),
            EncounterClass.Observation => TimeSpan.FromHours(faker.Random.Double(2, 40)),
            EncounterClass.SkilledNursing => TimeSpan.FromDays(faker.Random.Double(2, 25)),
            _ => TimeSpan.FromDays(faker.Random.Double(0.3, 8)),
        };
        var admittedAt = now - since;
        if (admittedAt < cursor)
            admittedAt = cursor.AddHours(1) > now ? now.AddMinutes(-30) : cursor.AddHours(1);
        var stayNow = AdmitThroughEmergency(faker, patient, facility, currentUnit, currentClass, admittedAt);
        if (currentClass is EncounterClass.Inpatient or EncounterClass.SkilledNursing)
            stayNow.ExpectDischarge(now.AddDays(faker.Random.Double(0.2, currentClass == EncounterClass.Inpatient ? 4 : 14)));
        db.Encounters.Add(stayNow);
        return last;
    }

    /// <summary>Most hospital admissions come through the emergency department (the A of LACE): such a stay starts as an ED visit.</summary>
    private static Encounter AdmitThroughEmergency(Faker faker, Patient patient, Facility facility, FacilityUnit unit, EncounterClass encounterClass, DateTimeOffset at)
    {
        var throughEd = encounterClass is EncounterClass.Inpatient or EncounterClass.Observation && faker.Random.Double() < 0.6;
        var encounter = Encounter.Admit(patient.Id, facility.Id, unit.Id, Bed(faker, unit), throughEd ? EncounterClass.Emergency : encounterClass, at, VisitNumber(faker));
        if (throughEd)
            encounter.ChangeClass(encounterClass);
        return encounter;
    }

    /// <summary>The transition-of-care tasks of a recent discharge, as the ADT feed creates them (a Charlson score of 3 or more stands in for a high LACE).</summary>
    private static void AddTransition(CareHubDbContext db, Patient patient, Encounter stay, Guid teamId, Guid coordinatorId, ReferralClockSetup clocks, DateTimeOffset now)
    {
        var complexity = patient.CharlsonPoints() >= 3 ? TransitionComplexity.High : TransitionComplexity.Moderate;
        foreach (var clock in TransitionOfCare.Plan(stay.DischargedAt!.Value, complexity, clocks.Calendar, clocks.Zone))
        {
            var created = stay.DischargedAt.Value;
            var task = CareTask.ForTransition(patient.Id, teamId, stay.Id, clock, coordinatorId, created);
            // The calls of discharges a few days old are mostly made; the rest are what the census shows as due or overdue.
            if (task.Kind == CareTaskKind.TransitionContact && now - created > TimeSpan.FromDays(2) && patient.Id.GetHashCode() % 3 != 0)
                task.Complete(created.AddDays(1));
            db.Tasks.Add(task);
        }
    }

    private static FacilityUnit UnitFor(Faker faker, Facility facility, EncounterClass encounterClass) => encounterClass switch
    {
        EncounterClass.Emergency => facility.Units.First(u => u.Kind == UnitKind.Emergency),
        EncounterClass.Observation => facility.Units.First(u => u.Kind == UnitKind.Observation),
        EncounterClass.SkilledNursing => faker.PickRandom(facility.Units.Where(u => u.Kind == UnitKind.SkilledNursing).ToArray()),
        _ => faker.PickRandom(facility.Units.Where(u => u.Kind is UnitKind.MedicalSurgical or UnitKind.Telemetry or UnitKind.IntensiveCare).ToArray()),
    };

    private static string Bed(Faker faker, FacilityUnit unit) =>
        $"{unit.Code}-{faker.Random.Int(1, unit.Beds):00}{faker.PickRandom("A", "B")}";

    private static string VisitNumber(Faker faker) => $"V{faker.Random.Int(10_000_000, 99_999_999)}";

    private static readonly (string Name, string Dose)[] DemoMedications =
    [
        ("Metformin 500 mg tablet", "1 tablet by mouth twice a day with meals"),
        ("Lisinopril 10 mg tablet", "1 tablet by mouth once a day"),
        ("Furosemide 40 mg tablet", "1 tablet by mouth every morning"),
        ("Atorvastatin 40 mg tablet", "1 tablet by mouth at bedtime"),
        ("Albuterol HFA inhaler", "2 puffs every 4 to 6 hours as needed"),
        ("Sertraline 50 mg tablet", "1 tablet by mouth once a day"),
        ("Insulin glargine 100 units/mL pen", "18 units under the skin at bedtime"),
        ("Carvedilol 6.25 mg tablet", "1 tablet by mouth twice a day"),
    ];

    private static readonly MedicationSources[] DemoSourceSets =
    [
        MedicationSources.PreAdmission | MedicationSources.Discharge | MedicationSources.PharmacyFill,
        MedicationSources.PreAdmission | MedicationSources.Discharge | MedicationSources.PharmacyFill | MedicationSources.PatientReported,
        MedicationSources.PreAdmission | MedicationSources.PatientReported,
        MedicationSources.Discharge,
        MedicationSources.PatientReported,
    ];

    private static void AddCarePlan(CareHubDbContext db, Faker faker, Patient patient, Guid[] owners, DateTimeOffset now)
    {
        var plan = new CarePlan(patient.Id, "Care plan", now.AddDays(-faker.Random.Int(1, 200)));
        plan.Activate();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var condition = patient.Conditions.FirstOrDefault(c => c.Chronic is not null);
        var template = condition?.Chronic switch
        {
            ChronicCondition.Diabetes or ChronicCondition.DiabetesWithComplications => CarePlanTemplates.Diabetes,
            ChronicCondition.HeartFailure => CarePlanTemplates.HeartFailure,
            ChronicCondition.Copd => CarePlanTemplates.Copd,
            ChronicCondition.Depression => CarePlanTemplates.Depression,
            _ => null,
        };
        var position = 0;
        void Add(CarePlanItemSpec spec) => plan.AddItem(spec, position++);

        if (template is not null)
        {
            foreach (var item in template.Items)
            {
                var spec = item.ToSpec(today.AddDays(-faker.Random.Int(0, 20)));
                Add(item.Kind is CarePlanItemKind.Intervention or CarePlanItemKind.Goal ? spec with { AssigneeId = faker.PickRandom(owners) } : spec);
            }
        }
        else
        {
            Add(new CarePlanItemSpec(CarePlanItemKind.Problem, condition?.Display ?? "Frequent emergency department use") { Category = CarePlanCategories.Problem });
            Add(new CarePlanItemSpec(CarePlanItemKind.Goal, "Uses primary care instead of the emergency department")
            {
                Detail = "Fewer than 2 ED visits in the next 6 months",
                Category = CarePlanCategories.LongTerm,
                Due = today.AddDays(faker.Random.Int(30, 180)),
                AssigneeId = faker.PickRandom(owners),
            });
            Add(new CarePlanItemSpec(CarePlanItemKind.Intervention, "Weekly check-in call by the care coordinator")
            {
                AssigneeId = faker.PickRandom(owners),
                Due = today.AddDays(faker.Random.Int(1, 14)),
            });
        }

        foreach (var (name, dose) in faker.PickRandom(DemoMedications, faker.Random.Int(1, 3)))
            Add(new CarePlanItemSpec(CarePlanItemKind.Medication, name) { Detail = dose, Sources = faker.PickRandom(DemoSourceSets) });
        if (faker.Random.Bool())
        {
            var (domain, barrier, approach) = faker.PickRandom(
                (CarePlanCategories.Transportation, "No reliable ride to appointments", "Medicaid ride benefit set up; bus pass as back-up"),
                (CarePlanCategories.Food, "Runs out of food before the end of the month", "Food bank referral; SNAP application help"),
                (CarePlanCategories.Language, "Prefers to speak Spanish; reads little English", "Interpreter booked for every visit; materials in Spanish"),
                (CarePlanCategories.Housing, "Behind on rent; eviction notice received", "Housing navigator referral; emergency rental assistance"),
                (CarePlanCategories.Utilities, "Electricity shut-off notice", "Utility assistance programme application"));
            Add(new CarePlanItemSpec(CarePlanItemKind.Barrier, barrier) { Category = domain, Detail = approach });
        }
        if (faker.Random.Bool())
            Add(new CarePlanItemSpec(CarePlanItemKind.Appointment, $"PCP follow-up with {patient.PrimaryCareProvider ?? "new PCP"}") { Due = today.AddDays(faker.Random.Int(2, 30)) });
        if (faker.Random.Double() < 0.3)
            Add(new CarePlanItemSpec(CarePlanItemKind.AdvanceCarePlanning, "Health care proxy named") { Category = CarePlanCategories.Proxy, Detail = "Copy of the form scanned into the chart" });
        db.CarePlans.Add(plan);
    }

    private sealed record ReferralClockSetup(BusinessCalendar Calendar, TimeZoneInfo Zone);

    private static void AddReferral(CareHubDbContext db, Faker faker, Patient patient, Guid teamId, Guid[] owners, ReferralClockSetup clocks,
        DateTimeOffset now)
    {
        var (type, destinations, reasons) = faker.PickRandom(ReferralKinds);
        var created = now.AddDays(-faker.Random.Double(0.5, 90));
        var referral = new Referral(patient.Id, teamId, faker.PickRandom(owners), type,
            faker.Random.WeightedRandom([ReferralUrgency.Routine, ReferralUrgency.Urgent, ReferralUrgency.Stat], [0.75f, 0.2f, 0.05f]),
            faker.PickRandom(destinations), faker.PickRandom(reasons), created);

        if (referral.NeedsConsent)
            referral.RecordConsent(patientWantsHelp: faker.Random.Double() < 0.9, created, referral.OwnerId, null);

        // Walk a plausible path through the statuses, stopping at a random point, so every status is represented.
        var path = faker.Random.WeightedRandom(
            [new[] { ReferralStatus.Requested, ReferralStatus.Received, ReferralStatus.Accepted, ReferralStatus.InProgress, ReferralStatus.Completed },
             [ReferralStatus.Requested, ReferralStatus.Rejected],
             [ReferralStatus.Requested, ReferralStatus.Accepted, ReferralStatus.OnHold],
             [ReferralStatus.Requested, ReferralStatus.Accepted, ReferralStatus.Failed],
             [ReferralStatus.Requested, ReferralStatus.Cancelled],
             [ReferralStatus.EnteredInError]],
            [0.72f, 0.07f, 0.07f, 0.05f, 0.06f, 0.03f]);
        var steps = faker.Random.Double() < 0.1 ? 0 : faker.Random.Int(1, path.Length);
        var at = created;
        for (var s = 0; s < steps; s++)
        {
            at = at.AddDays(faker.Random.Double(0.1, 6));
            if (at > now)
                break;
            if (path[s] == ReferralStatus.Completed)
            {
                // The visit and its result came back before the referral was marked complete.
                referral.Reach(ReferralMilestone.PatientSeen, at, referral.OwnerId, null);
                at = at.AddHours(faker.Random.Int(1, 30)) is var received && received < now ? received : now;
                referral.Reach(ReferralMilestone.ResultReceived, at, referral.OwnerId, "Consult note received.");
            }
            referral.MoveTo(path[s], at, referral.OwnerId, null);
            if (path[s] == ReferralStatus.InProgress)
                referral.Reach(ReferralMilestone.AppointmentScheduled, at, referral.OwnerId, null, appointmentAt: at.AddDays(faker.Random.Int(2, 20)));
        }
        CloseSomeLoops(faker, referral, now);
        // The worklist sorts by the most pressing clock's due day, kept on the row.
        referral.PlanNextDue(ReferralClocks.Compute(referral.ClockInput(), ReferralClockPolicy.Default, clocks.Calendar, clocks.Zone, now));
        db.Referrals.Add(referral);
    }

    /// <summary>Most finished referrals have their loop closed, with the outcome; some wait for the coordinator.</summary>
    private static void CloseSomeLoops(Faker faker, Referral referral, DateTimeOffset now)
    {
        if (referral.IsOpen || referral.Status == ReferralStatus.EnteredInError || faker.Random.Double() > 0.8)
            return;
        var at = referral.StatusChangedAt.AddDays(faker.Random.Double(0.1, 3));
        var outcome = referral.Status switch
        {
            ReferralStatus.Completed => ReferralOutcome.ServiceProvided,
            ReferralStatus.Rejected => ReferralOutcome.NotEligible,
            _ => faker.PickRandom(ReferralOutcome.UnableToContact, ReferralOutcome.PatientDeclined, ReferralOutcome.NoCapacity),
        };
        referral.Reach(ReferralMilestone.LoopClosed, at < now ? at : now, referral.OwnerId, null, outcome: outcome);
    }

    private static void AddTask(CareHubDbContext db, Faker faker, Patient patient, Guid teamId, Guid[] owners, DateTimeOffset now)
    {
        var created = now.AddDays(-faker.Random.Double(0, 10));
        var task = new CareTask(patient.Id, teamId, faker.PickRandom(TaskTitles), faker.PickRandom(owners),
            created.AddDays(faker.Random.Double(0.5, 14)), faker.Random.WeightedRandom([CareTaskPriority.Routine, CareTaskPriority.High, CareTaskPriority.Urgent], [0.7f, 0.22f, 0.08f]), created);
        if (faker.Random.Double() < 0.3)
            task.Complete(created.AddDays(faker.Random.Double(0.1, 3)) is var done && done < now ? done : now);
        db.Tasks.Add(task);
    }
}
