package io.parley.media.store.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The deployment descriptor the server reads: the classes it names exist and play their parts, and
 * every config property has the getter and setter of its declared type that IronJacamar calls.
 */
class ResourceAdapterDescriptorTest {

  private static Element connector;

  @BeforeAll
  static void parse() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document descriptor =
        factory.newDocumentBuilder().parse(Path.of("src/main/rar/META-INF/ra.xml").toFile());
    connector = descriptor.getDocumentElement();
  }

  @Test
  void descriptorIsJakartaConnectors21() {
    assertEquals("https://jakarta.ee/xml/ns/jakartaee", connector.getNamespaceURI());
    assertEquals("2.1", connector.getAttribute("version"));
  }

  @Test
  void transactionSupportIsXa() {
    assertEquals("XATransaction", text(connector, "transaction-support"));
  }

  @Test
  void namedClassesPlayTheirParts() throws Exception {
    assertImplements(text(connector, "resourceadapter-class"), ResourceAdapter.class);
    assertImplements(
        text(connector, "managedconnectionfactory-class"), ManagedConnectionFactory.class);
    assertImplements(
        text(connector, "connectionfactory-impl-class"),
        Class.forName(text(connector, "connectionfactory-interface")));
    assertImplements(
        text(connector, "connection-impl-class"),
        Class.forName(text(connector, "connection-interface")));
  }

  @Test
  void resourceAdapterConfigPropertiesAreBeanPropertiesOfTheirType() throws Exception {
    Element adapter = child(connector, "resourceadapter");
    assertBeanProperties(text(adapter, "resourceadapter-class"), configProperties(adapter, false));
  }

  @Test
  void connectionDefinitionConfigPropertiesAreBeanPropertiesOfTheirType() throws Exception {
    Element definition = child(connector, "connection-definition");
    assertBeanProperties(
        text(definition, "managedconnectionfactory-class"), configProperties(definition, true));
  }

  private static void assertImplements(String className, Class<?> contract) throws Exception {
    assertTrue(
        contract.isAssignableFrom(Class.forName(className)), className + " is no " + contract);
  }

  private static void assertBeanProperties(String className, List<Element> properties)
      throws Exception {
    assertFalse(properties.isEmpty());
    Class<?> bean = Class.forName(className);
    for (Element property : properties) {
      String name = text(property, "config-property-name");
      Class<?> type = Class.forName(text(property, "config-property-type"));
      String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      Method getter = bean.getMethod("get" + suffix);
      assertEquals(type, getter.getReturnType(), name);
      bean.getMethod("set" + suffix, type);
    }
  }

  /** The config-property elements directly under {@code parent}, or in its subtree if deep. */
  private static List<Element> configProperties(Element parent, boolean deep) {
    List<Element> properties = new ArrayList<>();
    NodeList all = parent.getElementsByTagNameNS("*", "config-property");
    for (int i = 0; i < all.getLength(); i++) {
      Element property = (Element) all.item(i);
      if (deep || property.getParentNode() == parent) {
        properties.add(property);
      }
    }
    return properties;
  }

  private static Element child(Element parent, String name) {
    return (Element) parent.getElementsByTagNameNS("*", name).item(0);
  }

  private static String text(Element parent, String name) {
    return child(parent, name).getTextContent().trim();
  }
}
