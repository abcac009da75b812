package org.kvmlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The boundaries the house style asks for, checked on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.kvmlab");

    @Test
    void onlyTheLibvirtAdapterImportsLibvirtJava() {
        noClasses().that().resideOutsideOfPackage("org.kvmlab.guest.libvirt..")
                .should().dependOnClassesThat().resideInAnyPackage("org.libvirt..")
                .because("the hypervisor port keeps libvirt-java inside one adapter").check(MAIN);
    }

    @Test
    void theDomainDoesNotDependOnTheWebOrTheApi() {
        noClasses().that().resideInAnyPackage("org.kvmlab.guest..", "org.kvmlab.catalog..", "org.kvmlab.grading..",
                        "org.kvmlab.policy..", "org.kvmlab.session..", "org.kvmlab.xml..", "org.kvmlab.hosts..",
                        "org.kvmlab.pool..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kvmlab.web..", "org.kvmlab.api..",
                        "jakarta.faces..", "jakarta.ws.rs..", "org.primefaces..")
                .check(MAIN);
    }

    @Test
    void pagesAndApiGoThroughServicesNotTheHypervisor() {
        noClasses().that().resideInAnyPackage("org.kvmlab.web..", "org.kvmlab.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kvmlab.guest..")
                .check(MAIN);
    }
}
