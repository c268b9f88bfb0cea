/// The AICPA Trust Services Criteria (TSC 2017, points of focus revised 2022): the 61 criterion
/// IDs with short titles in Assure's own words. The AICPA's wording is copyrighted and is not
/// shipped; a project can supply it in `content/catalogs/tsc-2017.yml`.
extension CriteriaCatalog {
    public static let tsc2017 = Catalog(
        id: tscID,
        name: "Trust Services Criteria (2017)",
        criteria: [
            Criterion(
                id: "CC1.1", catalog: tscID, group: "security", series: "CC1 Control environment",
                title: "Commitment to integrity and ethical values"),
            Criterion(
                id: "CC1.2", catalog: tscID, group: "security", series: "CC1 Control environment",
                title: "Board independence and oversight of internal control"),
            Criterion(
                id: "CC1.3", catalog: tscID, group: "security", series: "CC1 Control environment",
                title: "Structures, reporting lines, authorities and responsibilities"),
            Criterion(
                id: "CC1.4", catalog: tscID, group: "security", series: "CC1 Control environment",
                title: "Attracting, developing and retaining competent people"),
            Criterion(
                id: "CC1.5", catalog: tscID, group: "security", series: "CC1 Control environment",
                title: "Holding people accountable for control duties"),
            Criterion(
                id: "CC2.1", catalog: tscID, group: "security", series: "CC2 Communication and information",
                title: "Quality information to support internal control"),
            Criterion(
                id: "CC2.2", catalog: tscID, group: "security", series: "CC2 Communication and information",
                title: "Internal communication of control objectives and duties"),
            Criterion(
                id: "CC2.3", catalog: tscID, group: "security", series: "CC2 Communication and information",
                title: "Communication with external parties"),
            Criterion(
                id: "CC3.1", catalog: tscID, group: "security", series: "CC3 Risk assessment",
                title: "Objectives clear enough to identify risks"),
            Criterion(
                id: "CC3.2", catalog: tscID, group: "security", series: "CC3 Risk assessment",
                title: "Identifying and analysing risks"),
            Criterion(
                id: "CC3.3", catalog: tscID, group: "security", series: "CC3 Risk assessment",
                title: "Considering the potential for fraud"),
            Criterion(
                id: "CC3.4", catalog: tscID, group: "security", series: "CC3 Risk assessment",
                title: "Assessing changes that affect internal control"),
            Criterion(
                id: "CC4.1", catalog: tscID, group: "security", series: "CC4 Monitoring activities",
                title: "Ongoing and separate evaluations of controls"),
            Criterion(
                id: "CC4.2", catalog: tscID, group: "security", series: "CC4 Monitoring activities",
                title: "Communicating and remediating deficiencies"),
            Criterion(
                id: "CC5.1", catalog: tscID, group: "security", series: "CC5 Control activities",
                title: "Control activities that reduce risk"),
            Criterion(
                id: "CC5.2", catalog: tscID, group: "security", series: "CC5 Control activities",
                title: "General controls over technology"),
            Criterion(
                id: "CC5.3", catalog: tscID, group: "security", series: "CC5 Control activities",
                title: "Policies and procedures put into action"),
            Criterion(
                id: "CC6.1", catalog: tscID, group: "security", series: "CC6 Logical and physical access",
                title: "Logical access security architecture"),
            Criterion(
                id: "CC6.2", catalog: tscID, group: "security", series: "CC6 Logical and physical access",
                title: "Registering, authorising and removing users"),
            Criterion(
                id: "CC6.3", catalog: tscID, group: "security", series: "CC6 Logical and physical access",
                title: "Role-based access and least privilege"),
            Criterion(
                id: "CC6.4", catalog: tscID, group: "security", series: "CC6 Logical and physical access",
                title: "Physical access to facilities and assets"),
            Criterion(
                id: "CC6.5", catalog: tscID, group: "security", series: "CC6 Logical and physical access",
                title: "Disposal of assets and data"),
            Criterion(
                id: "CC6.6", catalog: tscID, group: "security", series: "CC6 Logical and physical access",
                title: "Protection against threats from outside the boundary"),
            Criterion(
                id: "CC6.7", catalog: tscID, group: "security", series: "CC6 Logical and physical access",
                title: "Restricting and protecting data in transmission"),
            Criterion(
                id: "CC6.8", catalog: tscID, group: "security", series: "CC6 Logical and physical access",
                title: "Preventing or detecting malicious or unauthorised software"),
            Criterion(
                id: "CC7.1", catalog: tscID, group: "security", series: "CC7 System operations",
                title: "Detecting configuration changes and vulnerabilities"),
            Criterion(
                id: "CC7.2", catalog: tscID, group: "security", series: "CC7 System operations",
                title: "Monitoring for anomalies and security events"),
            Criterion(
                id: "CC7.3", catalog: tscID, group: "security", series: "CC7 System operations",
                title: "Evaluating security events"),
            Criterion(
                id: "CC7.4", catalog: tscID, group: "security", series: "CC7 System operations",
                title: "Responding to security incidents"),
            Criterion(
                id: "CC7.5", catalog: tscID, group: "security", series: "CC7 System operations",
                title: "Recovering from security incidents"),
            Criterion(
                id: "CC8.1", catalog: tscID, group: "security", series: "CC8 Change management",
                title: "Authorising, testing and approving changes"),
            Criterion(
                id: "CC9.1", catalog: tscID, group: "security", series: "CC9 Risk mitigation",
                title: "Mitigating risk of business disruption"),
            Criterion(
                id: "CC9.2", catalog: tscID, group: "security", series: "CC9 Risk mitigation",
                title: "Managing vendor and business partner risk"),
            Criterion(
                id: "A1.1", catalog: tscID, group: "availability", series: "A1 Availability",
                title: "Capacity planning and monitoring"),
            Criterion(
                id: "A1.2", catalog: tscID, group: "availability", series: "A1 Availability",
                title: "Environmental protection, backup and recovery infrastructure"),
            Criterion(
                id: "A1.3", catalog: tscID, group: "availability", series: "A1 Availability",
                title: "Testing recovery plans"),
            Criterion(
                id: "C1.1", catalog: tscID, group: "confidentiality", series: "C1 Confidentiality",
                title: "Identifying and protecting confidential information"),
            Criterion(
                id: "C1.2", catalog: tscID, group: "confidentiality", series: "C1 Confidentiality",
                title: "Disposing of confidential information"),
            Criterion(
                id: "PI1.1", catalog: tscID, group: "processing-integrity", series: "PI1 Processing integrity",
                title: "Processing objectives and specifications"),
            Criterion(
                id: "PI1.2", catalog: tscID, group: "processing-integrity", series: "PI1 Processing integrity",
                title: "Complete and accurate inputs"),
            Criterion(
                id: "PI1.3", catalog: tscID, group: "processing-integrity", series: "PI1 Processing integrity",
                title: "Complete and accurate processing"),
            Criterion(
                id: "PI1.4", catalog: tscID, group: "processing-integrity", series: "PI1 Processing integrity",
                title: "Complete, accurate and timely outputs"),
            Criterion(
                id: "PI1.5", catalog: tscID, group: "processing-integrity", series: "PI1 Processing integrity",
                title: "Complete and accurate stored data"),
            Criterion(
                id: "P1.1", catalog: tscID, group: "privacy", series: "P1 Notice",
                title: "Privacy notice to data subjects"),
            Criterion(
                id: "P2.1", catalog: tscID, group: "privacy", series: "P2 Choice and consent",
                title: "Choices and consent"),
            Criterion(
                id: "P3.1", catalog: tscID, group: "privacy", series: "P3 Collection",
                title: "Collection limited to the stated objectives"),
            Criterion(
                id: "P3.2", catalog: tscID, group: "privacy", series: "P3 Collection",
                title: "Explicit consent where required"),
            Criterion(
                id: "P4.1", catalog: tscID, group: "privacy", series: "P4 Use, retention and disposal",
                title: "Use limited to the stated objectives"),
            Criterion(
                id: "P4.2", catalog: tscID, group: "privacy", series: "P4 Use, retention and disposal",
                title: "Retention of personal information"),
            Criterion(
                id: "P4.3", catalog: tscID, group: "privacy", series: "P4 Use, retention and disposal",
                title: "Secure disposal of personal information"),
            Criterion(
                id: "P5.1", catalog: tscID, group: "privacy", series: "P5 Access",
                title: "Data subjects' access to their information"),
            Criterion(
                id: "P5.2", catalog: tscID, group: "privacy", series: "P5 Access",
                title: "Correcting personal information on request"),
            Criterion(
                id: "P6.1", catalog: tscID, group: "privacy", series: "P6 Disclosure and notification",
                title: "Disclosure to third parties with consent"),
            Criterion(
                id: "P6.2", catalog: tscID, group: "privacy", series: "P6 Disclosure and notification",
                title: "Records of authorised disclosures"),
            Criterion(
                id: "P6.3", catalog: tscID, group: "privacy", series: "P6 Disclosure and notification",
                title: "Records of unauthorised disclosures"),
            Criterion(
                id: "P6.4", catalog: tscID, group: "privacy", series: "P6 Disclosure and notification",
                title: "Privacy commitments from third parties"),
            Criterion(
                id: "P6.5", catalog: tscID, group: "privacy", series: "P6 Disclosure and notification",
                title: "Third parties reporting incidents to the entity"),
            Criterion(
                id: "P6.6", catalog: tscID, group: "privacy", series: "P6 Disclosure and notification",
                title: "Notifying affected data subjects of breaches"),
            Criterion(
                id: "P6.7", catalog: tscID, group: "privacy", series: "P6 Disclosure and notification",
                title: "Accounting of disclosures on request"),
            Criterion(
                id: "P7.1", catalog: tscID, group: "privacy", series: "P7 Quality",
                title: "Accurate, complete and relevant personal information"),
            Criterion(
                id: "P8.1", catalog: tscID, group: "privacy", series: "P8 Monitoring and enforcement",
                title: "Handling inquiries, complaints and disputes"),
        ]
    )
}
