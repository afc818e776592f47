// Module PublisherXML.
